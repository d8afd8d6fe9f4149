package io.mtj.transport.proxy;

import io.mtj.transport.Dialer;
import io.mtj.transport.Scheduler;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One proxy handshake on one socket under one deadline: every read gets the time left as its
 * SO_TIMEOUT, reads are exact (never past what was asked), and failures become {@link
 * ProxyException}s that name the proxy and the target.
 */
final class Handshake {
    /** {@link #runBounded}'s outcome: the step still runs, it ended in time, or the deadline closed its socket. */
    private static final int RUNNING = 0;

    private static final int ENDED = 1;
    private static final int EXPIRED = 2;

    private final String protocol;
    private final String proxy;
    private final String target;
    private final long deadline;
    private final Duration timeout;
    /** The connection as the upstream dialer returned it, beneath any TLS layer. */
    private final Socket raw;

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private Handshake(String protocol, String proxy, String target, long deadline, Duration timeout, Socket socket)
            throws IOException {
        this.protocol = protocol;
        this.proxy = proxy;
        this.target = target;
        this.deadline = deadline;
        this.timeout = timeout;
        this.raw = socket;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Reaches {@code proxyAddress} through {@code upstream}; the returned handshake's deadline is
     * {@code timeout} from now.
     */
    static Handshake open(
            String protocol,
            Dialer upstream,
            InetSocketAddress proxyAddress,
            InetSocketAddress target,
            Duration timeout)
            throws ProxyException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String proxy = HostPort.format(proxyAddress);
        String to = HostPort.format(target);
        Socket socket;
        try {
            socket = upstream.dial(proxyAddress, timeout);
        } catch (IOException e) {
            throw new ProxyException(
                    timedOut(e) ? ProxyException.Kind.TIMEOUT : ProxyException.Kind.UNREACHABLE,
                    proxy,
                    to,
                    "could not reach " + protocol + " proxy " + proxy + " for CONNECT to " + to + ": " + e.getMessage(),
                    e);
        }
        try {
            return new Handshake(protocol, proxy, to, deadline, timeout, socket);
        } catch (IOException e) {
            closeQuietly(socket, e);
            throw new ProxyException(
                    ProxyException.Kind.UNREACHABLE,
                    proxy,
                    to,
                    "socket to " + protocol + " proxy " + proxy + " unusable",
                    e);
        }
    }

    /** A connect timeout, or an earlier hop of a chain that ran out of time. */
    private static boolean timedOut(IOException e) {
        return e instanceof SocketTimeoutException
                || (e instanceof ProxyException p && p.kind() == ProxyException.Kind.TIMEOUT);
    }

    String proxy() {
        return proxy;
    }

    String target() {
        return target;
    }

    Socket socket() {
        return socket;
    }

    /** Continues the handshake over {@code replacement} (a TLS layer over the same connection). */
    void replaceSocket(Socket replacement) throws IOException {
        socket = replacement;
        in = replacement.getInputStream();
        out = replacement.getOutputStream();
    }

    /** Sets SO_TIMEOUT to the time left; fails with {@link ProxyException.Kind#TIMEOUT} if none is. */
    void armTimeout(String waitingFor) throws IOException {
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
            throw timedOut(waitingFor, null);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
    }

    /** An I/O step that may block in ways SO_TIMEOUT alone does not bound. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /**
     * Runs {@code step} (a TLS handshake, say: many reads, each of which a slow peer can keep just
     * under SO_TIMEOUT) under the deadline as a whole: a task on the library's one timer ({@link
     * Scheduler#shared()}) closes the underlying connection when the deadline passes, and the step
     * then fails as a timeout. Whichever comes first, the step's end or the deadline, decides: a
     * step that ended in time never has its connection closed under it.
     */
    void runBounded(String waitingFor, Step step) throws IOException {
        armTimeout(waitingFor);
        long leftNanos = deadline - System.nanoTime();
        AtomicInteger outcome = new AtomicInteger(RUNNING);
        Scheduler.Cancellable timer = Scheduler.shared().schedule(Duration.ofNanos(leftNanos), () -> {
            if (outcome.compareAndSet(RUNNING, EXPIRED)) {
                try {
                    raw.close();
                } catch (IOException ignored) {
                    // the dial fails as a timeout either way
                }
            }
        });
        IOException failure = null;
        try {
            step.run();
        } catch (IOException e) {
            failure = e;
        } finally {
            timer.cancel();
        }
        if (!outcome.compareAndSet(RUNNING, ENDED) || failure instanceof SocketTimeoutException) {
            throw timedOut(waitingFor, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    ProxyException timedOut(String waitingFor, @Nullable Throwable cause) {
        return new ProxyException(
                ProxyException.Kind.TIMEOUT,
                proxy,
                target,
                protocol + " proxy " + proxy + " did not complete CONNECT to " + target + " within "
                        + timeout.toMillis() + " ms (waiting for " + waitingFor + ")",
                cause);
    }

    ProxyException fail(ProxyException.Kind kind, String reason) {
        return fail(kind, reason, null);
    }

    ProxyException fail(ProxyException.Kind kind, String reason, @Nullable Throwable cause) {
        return new ProxyException(kind, proxy, target, protocol + " proxy " + proxy + " " + reason, cause);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Exactly {@code n} bytes, each read bounded by the time left. */
    byte[] readFully(int n, String what) throws IOException {
        byte[] buffer = new byte[n];
        int done = 0;
        while (done < n) {
            armTimeout(what);
            int r;
            try {
                r = in.read(buffer, done, n - done);
            } catch (SocketTimeoutException e) {
                throw timedOut(what, e);
            }
            if (r < 0) {
                throw endOfStream(what, done, n);
            }
            done += r;
        }
        return buffer;
    }

    int readByte(String what) throws IOException {
        return readFully(1, what)[0] & 0xff;
    }

    private ProxyException endOfStream(String what, int got, int wanted) {
        return new ProxyException(
                ProxyException.Kind.PROTOCOL,
                proxy,
                target,
                protocol + " proxy " + proxy + " closed the connection during CONNECT to " + target + " while sending "
                        + what + " (got " + got + " of " + wanted + " bytes)",
                new EOFException());
    }

    /** The handshake is over: reads block without limit again, as the dialer contract says. */
    Socket finish() throws IOException {
        socket.setSoTimeout(0);
        return socket;
    }

    /** Closes the current socket (and with it any socket beneath), keeping {@code failure} primary. */
    void abort(Throwable failure) {
        closeQuietly(socket, failure);
    }

    static void closeQuietly(Socket socket, Throwable failure) {
        try {
            socket.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
