package io.mtj.core.session;

import io.mtj.api.mtproto.NewSessionCreated;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a {@link Session} tells its owner. Called on the session's threads; must be quick and must not throw. */
public interface SessionHandler {
    SessionHandler NONE = new SessionHandler() {};

    /** A message that is not a service message or a result (an update), as its serialized boxed body. */
    default void update(byte[] body) {}

    /** The server created a new session (salt reset, updates may have been missed). */
    default void newSession(NewSessionCreated created) {}

    /** Salt or clock offset changed; a good moment to persist state. */
    default void stateChanged() {}

    /**
     * The connection under the session was lost. Return true if another connection will be attached ({@link
     * Session#attach}): the session then keeps its calls and recovers them there. Return false (the default) to end
     * the session: calls sent fail with {@link io.mtj.core.ConnectionLostException}, calls never sent go to {@link
     * #unsent}.
     */
    default boolean connectionLost(Throwable cause) {
        return false;
    }

    /**
     * The session ended before these calls of the caller's were sent: the server cannot have seen them, so they may
     * go out on another session ({@link Session#adopt}). Called before {@link #closed}; by default they fail with
     * {@code error}.
     */
    default void unsent(List<PendingCall<?>> calls, IOException error) {
        for (PendingCall<?> call : calls) {
            call.fail(error);
        }
    }

    /**
     * A connection of the session ended: {@code cause} is null for {@link Session#close()}, else the failure that
     * ended it.
     */
    default void closed(@Nullable Throwable cause) {}
}
