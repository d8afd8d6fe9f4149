package io.mtj.testdc;

import io.mtj.tl.TlObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open connections and, per server session, the connection it last spoke on: the route for pushed updates and
 * for answers generated after the request's connection closed. Sessions do not point at connections; this table
 * does, and forgets a connection when it closes.
 *
 * <p>Over HTTP a session speaks on several connections at once and the DC can answer only a request, so the route
 * for pushes is the connection whose request waits as the session's long poll ({@code http_wait} with a max_wait),
 * kept here too; and a request on another open connection of the same session is not a move.
 */
final class Connections {
    private final Set<DcConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<ServerSession.Key, DcConnection> routes = new ConcurrentHashMap<>();
    private final Map<ServerSession.Key, DcConnection> httpPolls = new ConcurrentHashMap<>();

    void opened(DcConnection connection) {
        open.add(connection);
    }

    void closed(DcConnection connection) {
        open.remove(connection);
        routes.values().removeIf(c -> c == connection);
        httpPolls.values().removeIf(c -> c == connection);
    }

    /**
     * Makes {@code connection} the session's route; true if the session moved: over TCP a new or another
     * connection, over HTTP only when the connection it last spoke on has closed (the requests of one HTTP session
     * come on several connections; what was unacknowledged is re-sent only when a connection may have lost it).
     */
    boolean route(ServerSession.Key session, DcConnection connection) {
        DcConnection previous = routes.put(session, connection);
        if (connection.http()) {
            return previous == null || previous.isClosed();
        }
        return previous != connection;
    }

    /**
     * HTTP: makes {@code connection} the session's long poll; returns the session's former long poll connection if
     * it was another one still open (what it has queued should go out on the new one), else null.
     */
    @Nullable
    DcConnection httpPoll(ServerSession.Key session, DcConnection connection) {
        DcConnection previous = httpPolls.put(session, connection);
        return previous == null || previous == connection || previous.isClosed() ? null : previous;
    }

    /** HTTP: the connection whose request is the session's long poll, if still open. */
    @Nullable
    DcConnection httpPollOf(ServerSession.Key session) {
        DcConnection c = httpPolls.get(session);
        return c == null || c.isClosed() ? null : c;
    }

    /** The connection the session last spoke on, if still open. */
    @Nullable
    DcConnection routeOf(ServerSession.Key session) {
        DcConnection c = routes.get(session);
        return c == null || c.isClosed() ? null : c;
    }

    List<DcConnection> all() {
        return List.copyOf(open);
    }

    int size() {
        return open.size();
    }

    /**
     * Sends {@code update} as a server notice to {@code session}: over its route, or over HTTP to its waiting long
     * poll (or kept for the next one); false when the session has no open connection.
     */
    boolean push(ServerSession session, TlObject update) {
        DcConnection.Out out =
                new DcConnection.Out(io.mtj.core.wire.MsgIdKind.SERVER_NOTICE, true, update.toByteArray(), 0);
        DcConnection connection = routeOf(session.key());
        if (connection != null && !connection.http()) {
            connection.flush(session, List.of(out));
            return true;
        }
        // over HTTP only a waiting request can carry a push: the long poll, or else the next one
        DcConnection poll = httpPollOf(session.key());
        if (poll != null && poll.httpAwaiting()) {
            poll.flush(session, List.of(out));
            // the poll may have been answered, and a new long poll taken its place on another connection, between
            // the check and the flush: then the push sits queued on a connection the client may not use again soon,
            // so it moves to the new long poll's connection (queued there if that request was answered too, and
            // handed on by the next http_wait like anything else queued on the session's poll connection)
            DcConnection now = httpPollOf(session.key());
            if (now != null && now != poll) {
                now.handOver(poll.takeHttpQueued());
            }
            return true;
        }
        if (session.http.hold(out.body())) {
            return true;
        }
        if (connection == null) {
            return false;
        }
        connection.flush(session, List.of(out));
        return true;
    }

    /** Sets every open connection's byte budget (the {@link Faults#closeAfterBytes} fault). */
    void resetByteBudgets(long bytes) {
        for (DcConnection c : all()) {
            c.budget().budget(bytes);
        }
    }

    void closeAll() {
        for (DcConnection c : all()) {
            c.close();
        }
    }

    void sendTransportErrorToAll(int code) {
        for (DcConnection c : all()) {
            c.sendErrorAndClose(code);
        }
    }
}
