package io.mtj.testdc.it;

import io.mtj.transport.Dialer;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dials loopback; the first connection it makes can be cut once, {@code offset} bytes after {@link #arm} in one
 * direction: what the client writes (the rest of that write and everything after is lost) or what it reads (the
 * server's bytes from there on never arrive). Later connections are not cut.
 */
final class CuttingDialer implements Dialer {
    enum Direction {
        CLIENT_TO_SERVER,
        SERVER_TO_CLIENT
    }

    private final Direction direction;
    private final long offset;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicLong counted = new AtomicLong();
    private volatile int dials;

    CuttingDialer(Direction direction, long offset) {
        this.direction = direction;
        this.offset = offset;
    }

    /** Starts counting bytes on the first connection. */
    void arm() {
        armed.set(true);
    }

    boolean didCut() {
        return cut.get();
    }

    /** Bytes counted in the cut direction after arming (on the first connection). */
    long counted() {
        return counted.get();
    }

    @Override
    public Socket dial(InetSocketAddress target, Duration timeout) throws IOException {
        boolean first = dials++ == 0;
        Socket socket = first ? new CutSocket() : new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getByName(target.getHostString()), target.getPort()), (int)
                timeout.toMillis());
        return socket;
    }

    /** How many of {@code len} bytes may pass; cuts (and closes {@code socket}) when the offset is reached. */
    private int allow(Socket socket, int len) throws IOException {
        if (!armed.get()) {
            return len;
        }
        long before = counted.getAndAdd(len);
        if (before + len <= offset) {
            return len;
        }
        int pass = (int) Math.max(0, offset - before);
        if (cut.compareAndSet(false, true) && pass == 0) {
            socket.close();
        }
        return pass;
    }

    private final class CutSocket extends Socket {
        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = super.getOutputStream();
            if (direction != Direction.CLIENT_TO_SERVER) {
                return out;
            }
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (cut.get()) {
                        throw new SocketException("cut by the test at client byte " + offset);
                    }
                    int pass = allow(CutSocket.this, len);
                    out.write(b, off, pass);
                    if (pass < len) {
                        out.flush();
                        CutSocket.this.close();
                        throw new SocketException("cut by the test at client byte " + offset);
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }
            };
        }

        @Override
        public InputStream getInputStream() throws IOException {
            InputStream in = super.getInputStream();
            if (direction != Direction.SERVER_TO_CLIENT) {
                return in;
            }
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (cut.get()) {
                        CutSocket.this.close();
                        throw new SocketException("cut by the test at server byte " + offset);
                    }
                    int n = in.read(b, off, len);
                    if (n <= 0) {
                        return n;
                    }
                    int pass = allow(CutSocket.this, n);
                    if (pass < n) {
                        CutSocket.this.close();
                        if (pass == 0) {
                            throw new SocketException("cut by the test at server byte " + offset);
                        }
                    }
                    return pass;
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n <= 0 ? -1 : one[0] & 0xff;
                }
            };
        }
    }
}
