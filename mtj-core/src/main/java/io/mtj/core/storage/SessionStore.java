package io.mtj.core.storage;

import java.io.IOException;
import java.util.Optional;

/** Where the client keeps its {@link SessionState} between runs. */
public interface SessionStore {
    /** A store that keeps nothing: every connect runs a key exchange. */
    SessionStore NONE = new SessionStore() {
        @Override
        public Optional<SessionState> load() {
            return Optional.empty();
        }

        @Override
        public void save(SessionState state) {}

        @Override
        public void clear() {}
    };

    /**
     * The saved state, or empty if nothing was saved yet.
     *
     * @throws SessionFileException if something was saved but cannot be read back
     */
    Optional<SessionState> load() throws IOException;

    /** Replaces the saved state atomically. */
    void save(SessionState state) throws IOException;

    /** Forgets the saved state (for instance after the server refused the stored key). */
    void clear() throws IOException;
}
