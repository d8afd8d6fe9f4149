package io.mtj.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * A layer that passes every call to the wire below it; subclasses override only what they
 * transform. Closing the layer closes the wire below, as the {@link Wire} contract asks.
 */
public abstract class ForwardingWire implements Wire {
    /**
     * The wire every call is passed to; closed with this layer.
     */
    protected final Wire below;

    /**
     * Creates a layer over {@code below}.
     *
     * @param below the wire below; this layer owns it
     */
    protected ForwardingWire(Wire below) {
        this.below = below;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return below.read(buf, off, len);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        below.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
        below.flush();
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        below.readTimeout(timeout);
    }

    @Override
    public void close() throws IOException {
        below.close();
    }
}
