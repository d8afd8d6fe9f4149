package io.mtj.core.dc;

import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link DcRouter} keeps one {@link SessionState} (auth key, salts, clock offset, address) per DC and which
 * DC is the main one, so that a restarted client dials its home DC straight away and reuses every key.
 */
public interface DcSessionStore {
    /**
     * The store for one DC's session. Asking twice for a DC gives stores over the same state.
     *
     * @param dcId the DC's id
     * @return where that DC's auth key, salts, clock offset and address are loaded from and saved to
     */
    SessionStore forDc(int dcId);

    /**
     * The main DC saved last, if any.
     *
     * @return the DC saved by {@link #mainDc(int)}, or empty when none was saved
     * @throws IOException when the saved record cannot be read or does not hold a DC number
     */
    OptionalInt mainDc() throws IOException;

    /**
     * Saves the main DC, replacing the one saved before; {@link #mainDc()} answers it from then on.
     *
     * @param dcId the new main DC's id
     * @throws IOException when it cannot be saved (the previous value then stays)
     */
    void mainDc(int dcId) throws IOException;

    /**
     * A store that lives as long as the object (nothing on disk). Safe to use from many threads.
     *
     * @return an empty store: no main DC and no DC's session yet
     */
    static DcSessionStore inMemory() {
        return new DcSessionStore() {
            private final Map<Integer, SessionStore> stores = new ConcurrentHashMap<>();
            private volatile int main;

            @Override
            public SessionStore forDc(int dcId) {
                return stores.computeIfAbsent(dcId, d -> new MemoryStore());
            }

            @Override
            public OptionalInt mainDc() {
                int m = main;
                return m == 0 ? OptionalInt.empty() : OptionalInt.of(m);
            }

            @Override
            public void mainDc(int dcId) {
                main = dcId;
            }
        };
    }

    /** One DC's state in memory. */
    final class MemoryStore implements SessionStore {
        private volatile Optional<SessionState> state = Optional.empty();

        /** An empty store; its state lives as long as the object. */
        public MemoryStore() {}

        @Override
        public Optional<SessionState> load() {
            return state;
        }

        @Override
        public void save(SessionState s) {
            state = Optional.of(s);
        }

        @Override
        public void clear() {
            state = Optional.empty();
        }
    }
}
