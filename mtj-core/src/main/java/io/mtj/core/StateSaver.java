package io.mtj.core;

import io.mtj.core.auth.AuthKey;
import io.mtj.core.session.Session;
import io.mtj.core.storage.SessionState;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.transport.Endpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the client's state (auth key, salts, clock offset) to the {@link io.mtj.core.storage.SessionStore}. Saves
 * the session asks for run on a virtual thread of their own, so the reader never waits for a disk. Once {@link
 * #closing()} ran, no save starts: close writes the final state itself after any save already running, so nothing
 * of the client writes the session file after close returns.
 */
final class StateSaver {
    private static final System.Logger LOG = System.getLogger(StateSaver.class.getName());

    private final ClientConfig config;
    private final ClientState state;
    private final ReentrantLock lock = new ReentrantLock();

    StateSaver(ClientConfig config, ClientState state) {
        this.config = config;
        this.state = state;
    }

    /** A save in the background (the session's salt or clock changed). */
    void request() {
        Thread.ofVirtual().name("mtj-save").start(this::saveWhileOpen);
    }

    /** Saves now unless close has begun. */
    void saveWhileOpen() {
        lock.lock();
        try {
            if (!state.closed) {
                write();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The final save, made by close after any save still running. */
    void closing() {
        lock.lock();
        try {
            write();
        } finally {
            lock.unlock();
        }
    }

    private void write() {
        AuthKey key = state.authKey;
        MsgIdGenerator ids = state.msgIds;
        // under a temporary key the session's salts are that key's, not the permanent key's
        Session s = state.tempKey == null ? state.session : null;
        if (key == null || ids == null) {
            return;
        }
        Endpoint won = state.dialled;
        Endpoint e = won != null ? won : config.endpoint();
        try {
            config.sessionStore()
                    .save(new SessionState(
                            e.dcId(),
                            e.host(),
                            e.port(),
                            key.key(),
                            s != null ? s.serverSalt() : key.serverSalt(),
                            ids.offsetMillis(),
                            s != null ? s.futureSalts() : List.of()));
        } catch (IOException ex) {
            LOG.log(Level.WARNING, "could not save the session: {0}", ex.getMessage());
        }
    }
}
