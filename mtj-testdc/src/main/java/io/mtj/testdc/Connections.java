package io.mtj.testdc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open connections and, per server session, the connection it last spoke on: the route for pushed updates and
 * for answers generated after the request's connection closed. Sessions do not point at connections; this table
 * does, and forgets a connection when it closes.
 */
final class Connections {
    private final Set<DcConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<ServerSession.Key, DcConnection> routes = new ConcurrentHashMap<>();

    void opened(DcConnection connection) {
        open.add(connection);
    }

    void closed(DcConnection connection) {
        open.remove(connection);
        routes.values().removeIf(c -> c == connection);
    }

    /** Makes {@code connection} the session's route; true if that changed it (a new or another connection). */
    boolean route(ServerSession.Key session, DcConnection connection) {
        return routes.put(session, connection) != connection;
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
}
