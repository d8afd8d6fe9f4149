package io.mtj.core.files;

import java.io.IOException;

/** A file transfer stopped: names the file, the part and the cause (the server's error or the lost connection). */
public final class FileTransferException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The 0-based index of the part that failed. */
    private final int part;

    /**
     * A transfer that stopped at {@code part}.
     *
     * @param message the file, the part and the cause as a sentence
     * @param part the part that failed (0-based)
     * @param cause the server's error, the lost connection, or the unexpected answer
     */
    public FileTransferException(String message, int part, Throwable cause) {
        super(message, cause);
        this.part = part;
    }

    /**
     * The part that failed (0-based).
     *
     * @return the part's index; parts before it may have been transferred
     */
    public int part() {
        return part;
    }
}
