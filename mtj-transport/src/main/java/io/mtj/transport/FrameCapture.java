package io.mtj.transport;

import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameSink} that keeps the one frame it was given as a {@link Frame}, for the
 * {@link Frame}-returning reads built on the sink ones. Single-threaded, like the reader it serves.
 */
public final class FrameCapture implements FrameSink {
    private @Nullable Frame frame;

    /** A capture holding no frame yet. */
    public FrameCapture() {}

    @Override
    public void packet(byte[] payload, boolean quickAckRequested) {
        frame = new Frame.Packet(payload, quickAckRequested);
    }

    @Override
    public void quickAck(int token) {
        frame = new Frame.QuickAck(token);
    }

    /**
     * Takes the frame delivered since the last take and forgets it.
     *
     * @return the frame
     * @throws IllegalStateException if no frame was delivered since the last take
     */
    public Frame take() {
        Frame f = frame;
        if (f == null) {
            throw new IllegalStateException("the codec returned without delivering a frame");
        }
        frame = null;
        return f;
    }
}
