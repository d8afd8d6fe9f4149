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
     * @return the state, or empty
     * @throws IOException if the store cannot be read
     */
    Optional<SessionState> load() throws IOException;

    /**
     * Replaces the saved state atomically.
     *
     * @param state the state to keep
     * @throws IOException if it could not be written (the previous state is kept)
     */
    void save(SessionState state) throws IOException;

    /**
     * Forgets the saved state (for instance after the server refused the stored key).
     *
     * @throws IOException if it could not be removed
     */
    void clear() throws IOException;
}
