package io.mtj.core.dc;

import io.mtj.core.TelegramClient;
import io.mtj.tl.TlMethod;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one (DC, traffic kind): up to {@code size} clients, each opened the first time a call needs it.
 * A call goes to the open connection with the fewest calls pending (tdlib's {@code SessionMultiProxy} rule), and a new
 * connection is opened only when every open one has a call pending and there is room; so a pool grows with its
 * traffic and a connection that is slow or reconnecting is given fewer new calls, where round robin would keep
 * queueing behind it. A caller may also name a member ({@link #invoke(int, TlMethod)}), as file transfers do to
 * spread their parts. Each member is a whole {@link TelegramClient} with its own session: a call stays on the member
 * it was given, and a member that loses its connection recovers its own calls as a lone client does.
 */
final class ClientPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientPool.class.getName());

    /** Opens member {@code index}: dials, connects, and returns a ready client. */
    @FunctionalInterface
    interface Connector {
        TelegramClient connect(int index) throws IOException, InterruptedException;
    }

    private final String name;
    private final Connector connector;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final @Nullable TelegramClient[] members;
    private final boolean[] connecting;
    private final int[] pending;
    private boolean closed;

    ClientPool(String name, int size, Connector connector) {
        this.name = name;
        this.connector = connector;
        this.members = new TelegramClient[size];
        this.connecting = new boolean[size];
        this.pending = new int[size];
    }

    int size() {
        return members.length;
    }

    /** {@return how many members are open} */
    int open() {
        lock.lock();
        try {
            int n = 0;
            for (TelegramClient c : members) {
                n += c == null ? 0 : 1;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@code method} on member {@code index} (taken modulo the size), or on the least busy member when {@code
     * index} is negative; blocks until the answer.
     */
    <R> R invoke(int index, TlMethod<R> method) throws IOException, InterruptedException {
        int member = index < 0 ? acquire() : acquire(index % members.length);
        try {
            return client(member).invokeBlocking(method);
        } finally {
            release(member);
        }
    }

    /** Member {@code index}, opened if it is not; counted as busy until {@link #release}. */
    int acquire(int index) throws IOException, InterruptedException {
        lock.lock();
        try {
            while (true) {
                checkOpen();
                if (members[index] != null) {
                    pending[index]++;
                    return index;
                }
                if (!connecting[index]) {
                    connecting[index] = true;
                    break;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        return connect(index, -1);
    }

    /** The open member with the fewest pending calls, or a new one when all are busy and there is room. */
    int acquire() throws IOException, InterruptedException {
        int fresh;
        int fallback;
        lock.lock();
        try {
            while (true) {
                checkOpen();
                int best = -1;
                int free = -1;
                for (int i = 0; i < members.length; i++) {
                    if (members[i] != null) {
                        if (best < 0 || pending[i] < pending[best]) {
                            best = i;
                        }
                    } else if (!connecting[i] && free < 0) {
                        free = i;
                    }
                }
                if (best >= 0 && (pending[best] == 0 || free < 0)) {
                    pending[best]++;
                    return best;
                }
                if (free >= 0) {
                    connecting[free] = true;
                    fresh = free;
                    fallback = best;
                    break;
                }
                changed.await(); // nothing open yet, and the first member is being opened by another call
            }
        } finally {
            lock.unlock();
        }
        return connect(fresh, fallback);
    }

    /** Opens member {@code index}; if that fails and {@code fallback} is open, the call goes there instead. */
    private int connect(int index, int fallback) throws IOException, InterruptedException {
        TelegramClient client;
        try {
            client = connector.connect(index);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lock.lock();
            try {
                connecting[index] = false;
                changed.signalAll();
                if (fallback >= 0 && members[fallback] != null && !closed && !(e instanceof InterruptedException)) {
                    LOG.log(
                            Level.DEBUG,
                            () -> name + ": connection " + index + " failed (" + e.getMessage()
                                    + "); the call goes to connection " + fallback);
                    pending[fallback]++;
                    return fallback;
                }
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            connecting[index] = false;
            changed.signalAll();
            if (closed) {
                client.close();
                throw new IOException("the router is closed");
            }
            members[index] = client;
            pending[index]++;
            LOG.log(Level.DEBUG, () -> name + ": connection " + index + " of " + members.length + " opened");
            return index;
        } finally {
            lock.unlock();
        }
    }

    private TelegramClient client(int index) throws IOException {
        lock.lock();
        try {
            TelegramClient c = members[index];
            if (c == null) {
                throw new IOException("the router is closed");
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    void release(int index) {
        lock.lock();
        try {
            pending[index]--;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the router is closed");
        }
    }

    /** Closes every open member; calls in flight on them fail, later calls fail at once. */
    @Override
    public void close() {
        @Nullable TelegramClient[] open;
        lock.lock();
        try {
            closed = true;
            open = members.clone();
            java.util.Arrays.fill(members, null);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (TelegramClient c : open) {
            if (c != null) {
                c.close();
            }
        }
    }
}
