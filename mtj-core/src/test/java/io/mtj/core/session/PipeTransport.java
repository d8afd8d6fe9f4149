package io.mtj.core.session;

import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.Transport;
import io.mtj.transport.TransportClosedException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The client end of an in-memory connection; the test plays the server through {@link #toClient}/{@link #fromClient}. */
final class PipeTransport implements Transport {
    private static final byte[] EOF = new byte[0];
    final LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<byte[]> fromClient = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean holding;
    final java.util.concurrent.atomic.AtomicInteger sendsHeld = new java.util.concurrent.atomic.AtomicInteger();

    /** From now on every send blocks until the pipe is closed, as on a socket whose peer stopped reading. */
    void holdSends() {
        holding = true;
    }

    @Override
    public void connect(Endpoint endpoint) {}

    @Override
    public void send(byte[] payload, int off, int len, boolean quickAck) throws IOException {
        if (closed) {
            throw new TransportClosedException("pipe closed", null);
        }
        if (holding) {
            sendsHeld.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new TransportClosedException("pipe closed while a send was held", null);
        }
        fromClient.add(Arrays.copyOfRange(payload, off, off + len));
    }

    @Override
    public Frame receive() throws IOException {
        try {
            byte[] next = toClient.take();
            if (next == EOF) {
                toClient.add(EOF);
                throw closed ? new TransportClosedException("pipe closed", null) : new EOFException("server hung up");
            }
            return new Frame.Packet(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportClosedException("interrupted", e);
        }
    }

    /** The server closes the connection. */
    void hangUp() {
        toClient.add(EOF);
    }

    byte[] nextFromClient() throws InterruptedException {
        byte[] packet = fromClient.poll(10, TimeUnit.SECONDS);
        if (packet == null) {
            throw new AssertionError("the client sent nothing within 10 s");
        }
        return packet;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            toClient.add(EOF);
            gate.countDown();
        }
    }
}
