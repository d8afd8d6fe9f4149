package io.mtj.transport;

/** A frame announced a payload longer than the configured maximum; nothing was allocated for it. */
public final class FrameTooLargeException extends FrameException {
    private static final long serialVersionUID = 1L;
    /**
     * The payload length the frame announced.
     */
    private final long length;
    /**
     * The configured maximum payload length.
     */
    private final int max;

    /**
     * Creates the exception.
     *
     * @param offset where in the received stream the length field starts
     * @param length the payload length the frame announced, in bytes
     * @param max the configured maximum, in bytes
     */
    public FrameTooLargeException(long offset, long length, int max) {
        super(Fault.TOO_LARGE, offset, "frame announces " + length + " payload bytes, the maximum is " + max);
        this.length = length;
        this.max = max;
    }

    /**
     * Tells how long the frame claimed to be.
     *
     * @return the announced payload length in bytes, greater than {@link #max()}
     */
    public long length() {
        return length;
    }

    /**
     * Tells the limit the frame broke.
     *
     * @return the configured maximum payload length in bytes
     */
    public int max() {
        return max;
    }
}
