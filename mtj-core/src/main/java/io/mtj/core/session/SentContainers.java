package io.mtj.core.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The msg_ids inside the containers a session sent, so that a notice about a container ({@code
 * bad_server_salt}, {@code bad_msg_notification}, {@code new_session_created}'s first_msg_id) reaches the calls it
 * carried. The last {@value #REMEMBERED} containers are kept; the writer adds, the reader looks up.
 */
final class SentContainers {
    private static final int REMEMBERED = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Long, List<Long>> containers = new LinkedHashMap<>();

    /** Records that container {@code containerId} carried {@code ids}. */
    void remember(long containerId, List<Long> ids) {
        lock.lock();
        try {
            containers.put(containerId, ids);
            if (containers.size() > REMEMBERED) {
                containers.remove(containers.keySet().iterator().next());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The msg_ids inside container {@code msgId} (forgetting the container), or just {@code msgId}. */
    List<Long> expand(long msgId) {
        lock.lock();
        try {
            List<Long> inner = containers.remove(msgId);
            return inner != null ? inner : List.of(msgId);
        } finally {
            lock.unlock();
        }
    }

    /** The msg_ids inside container {@code msgId} (keeping the container), or just {@code msgId}. */
    List<Long> peek(long msgId) {
        lock.lock();
        try {
            List<Long> inner = containers.get(msgId);
            return inner != null ? inner : List.of(msgId);
        } finally {
            lock.unlock();
        }
    }
}
