package io.mtj.core.session;

import io.mtj.api.mtproto.NewSessionCreated;
import org.jspecify.annotations.Nullable;

/** What a {@link Session} tells its owner. Called on the session's reader thread; must be quick. */
public interface SessionHandler {
    SessionHandler NONE = new SessionHandler() {};

    /** A message that is not a service message or a result (an update), as its serialized boxed body. */
    default void update(byte[] body) {}

    /** The server created a new session (salt reset, updates may have been missed). */
    default void newSession(NewSessionCreated created) {}

    /** Salt or clock offset changed; a good moment to persist state. */
    default void stateChanged() {}

    /** The session ended: {@code cause} is null for {@link Session#close()}, else the failure that ended it. */
    default void closed(@Nullable Throwable cause) {}
}
