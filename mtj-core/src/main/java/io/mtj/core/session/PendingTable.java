package io.mtj.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A session's calls waiting for an answer, by the msg_id they were last sent with: the writer files each call here
 * before its packet leaves, the reader takes it out when the answer comes. An open-addressing table of primitive
 * msg_ids (linear probing, deletion by shifting back, so no tombstones) under one lock: no boxed id and no node per
 * call, and the writer files a whole batch under one acquisition. It replaced a {@code ConcurrentHashMap<Long,
 * PendingCall>}, whose put and two removes (with their boxed key, node and shared size counter, contended by the
 * writer and the reader on the two cores) were about a tenth of the client's CPU per pipelined call.
 *
 * <p>msg_id 0 is never a key (the writer never issues it). The table grows at half full and shrinks at an eighth,
 * never below {@value #MIN_CAPACITY} slots. Iteration is by snapshot. Thread-safe.
 */
final class PendingTable {
    static final int MIN_CAPACITY = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private long[] keys = new long[MIN_CAPACITY];
    private @Nullable PendingCall<?>[] values = new PendingCall<?>[MIN_CAPACITY];
    private int size;

    /** Files {@code call} under {@code msgId}, replacing any call filed under it. */
    void put(long msgId, PendingCall<?> call) {
        lock.lock();
        try {
            insert(msgId, call);
        } finally {
            lock.unlock();
        }
    }

    /** Files the first {@code n} calls of {@code calls} under the msg_ids beside them, under one acquisition. */
    void putAll(long[] msgIds, PendingCall<?>[] calls, int n) {
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                insert(msgIds[i], calls[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The call filed under {@code msgId}, or null. */
    @Nullable
    PendingCall<?> get(long msgId) {
        lock.lock();
        try {
            int slot = find(msgId);
            return slot < 0 ? null : values[slot];
        } finally {
            lock.unlock();
        }
    }

    /** Takes out and returns the call filed under {@code msgId}, or null. */
    @Nullable
    PendingCall<?> remove(long msgId) {
        lock.lock();
        try {
            int slot = find(msgId);
            if (slot < 0) {
                return null;
            }
            PendingCall<?> call = values[slot];
            delete(slot);
            return call;
        } finally {
            lock.unlock();
        }
    }

    /** Takes out {@code call} if it is the one filed under {@code msgId}; whether it was. */
    boolean remove(long msgId, PendingCall<?> call) {
        lock.lock();
        try {
            int slot = find(msgId);
            if (slot < 0 || values[slot] != call) {
                return false;
            }
            delete(slot);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The calls filed now, in no particular order. */
    List<PendingCall<?>> snapshot() {
        lock.lock();
        try {
            List<PendingCall<?>> out = new ArrayList<>(size);
            for (PendingCall<?> call : values) {
                if (call != null) {
                    out.add(call);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the table and returns what it held. */
    List<PendingCall<?>> removeAll() {
        lock.lock();
        try {
            List<PendingCall<?>> out = snapshot();
            keys = new long[MIN_CAPACITY];
            values = new PendingCall<?>[MIN_CAPACITY];
            size = 0;
            return out;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- under the lock

    private int home(long key) {
        return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> (64 - Integer.numberOfTrailingZeros(keys.length)));
    }

    private int find(long key) {
        if (key == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        for (int i = home(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    private void insert(long key, PendingCall<?> call) {
        if (key == 0) {
            throw new IllegalArgumentException("msg_id 0 is never sent");
        }
        int mask = keys.length - 1;
        int i = home(key);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
        }
        keys[i] = key;
        values[i] = call;
        if (2 * size > keys.length) {
            resize(2 * keys.length);
        }
    }

    /** Empties {@code slot}, shifting back the entries after it that probed past it. */
    private void delete(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int h = home(keys[j]);
            // the entry at j may move into the hole if its home is not cyclically within (hole, j]
            boolean stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
        if (keys.length > MIN_CAPACITY && 8 * size < keys.length) {
            resize(keys.length / 2);
        }
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        @Nullable PendingCall<?>[] oldValues = values;
        keys = new long[capacity];
        values = new PendingCall<?>[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            PendingCall<?> call = oldValues[i];
            if (oldKeys[i] != 0 && call != null) {
                insert(oldKeys[i], call);
            }
        }
    }
}
