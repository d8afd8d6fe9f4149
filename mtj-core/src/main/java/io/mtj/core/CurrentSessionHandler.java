package io.mtj.core;

import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.core.session.PendingCall;
import io.mtj.core.session.Session;
import io.mtj.core.session.SessionHandler;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The handler of a session under a temporary key. While its session is the client's current one it passes everything
 * to the client's handler. Once a renewal replaced it, the session only finishes the calls already in it: a lost
 * connection ends it (no reconnection for a key being retired), calls it never sent go to the current session, and
 * its salts are not saved. Updates are delivered either way.
 */
final class CurrentSessionHandler implements SessionHandler {
    private final SessionHandler client;
    private final ClientState state;
    private volatile @Nullable Session self;

    CurrentSessionHandler(SessionHandler client, ClientState state) {
        this.client = client;
        this.state = state;
    }

    /** Names the session this handler serves, once it exists. */
    void serve(Session session) {
        self = session;
    }

    private boolean current() {
        Session s = self;
        return s == null || state.session == s;
    }

    @Override
    public void update(byte[] body) {
        client.update(body);
    }

    @Override
    public void newSession(NewSessionCreated created) {
        if (current()) {
            client.newSession(created);
        }
    }

    @Override
    public void stateChanged() {
        if (current()) {
            client.stateChanged();
        }
    }

    @Override
    public boolean connectionLost(Throwable cause) {
        return current() && client.connectionLost(cause);
    }

    @Override
    public void unsent(List<PendingCall<?>> calls, IOException error) {
        Session now = state.session;
        if (!current() && now != null && !now.isClosed()) {
            now.adopt(calls);
            return;
        }
        client.unsent(calls, error);
    }

    @Override
    public void closed(@Nullable Throwable cause) {
        if (current()) {
            client.closed(cause);
        }
    }
}
