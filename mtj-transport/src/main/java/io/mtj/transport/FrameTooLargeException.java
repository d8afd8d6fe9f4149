package io.mtj.transport;

/** A frame announced a payload longer than the configured maximum; nothing was allocated for it. */
public final class FrameTooLargeException extends FrameException {
    private static final long serialVersionUID = 1L;
    private final long length;
    private final int max;

    public FrameTooLargeException(long offset, long length, int max) {
        super(Fault.TOO_LARGE, offset, "frame announces " + length + " payload bytes, the maximum is " + max);
        this.length = length;
        this.max = max;
    }

    public long length() {
        return length;
    }

    public int max() {
        return max;
    }
}
