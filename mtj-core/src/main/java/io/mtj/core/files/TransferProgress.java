package io.mtj.core.files;

/**
 * Told how far a transfer has come, after each part. Called on whichever thread completed the part, never
 * concurrently for one transfer; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface TransferProgress {
    /** Ignores progress. */
    TransferProgress NONE = (done, total) -> {};

    /**
     * Reports the bytes done so far; {@code done} never decreases within one transfer.
     *
     * @param done bytes transferred so far (parts the server acknowledged, or received and written)
     * @param total the file's size, or -1 when not known ahead
     */
    void progress(long done, long total);
}
