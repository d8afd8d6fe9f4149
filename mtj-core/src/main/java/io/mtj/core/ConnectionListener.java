package io.mtj.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Typed callbacks for each step of {@link TelegramClient#connect()}, with how long it took. Called on the connecting
 * thread (reconnect and closed on the reader thread); implementations must be quick and must not throw. Every method
 * has an empty default. The same steps are recorded as JFR events of category "MTJ" (see {@code io.mtj.core.event}).
 */
public interface ConnectionListener {
    /** No-op listener. */
    ConnectionListener NONE = new ConnectionListener() {};

    /** The key exchange steps, in order. */
    enum DhStep {
        /** req_pq_multi sent, resPQ received. */
        REQ_PQ,
        /** req_DH_params sent, server_DH_params_ok received and verified. */
        REQ_DH_PARAMS,
        /** set_client_DH_params sent, dh_gen_ok received. */
        SET_CLIENT_DH_PARAMS
    }

    /**
     * TCP (and proxy) connection established to {@code target}.
     *
     * @param target the {@code host:port} the socket reached (a proxy's when one is used)
     * @param took how long the step took
     */
    default void dialed(String target, Duration took) {}

    /**
     * Transport handshake (tag or obfuscation header) done.
     *
     * @param framing the framing's name, as {@link io.mtj.transport.Framing#name()}
     * @param obfuscated whether the stream is obfuscated
     * @param took how long the step took
     */
    default void transportReady(String framing, boolean obfuscated, Duration took) {}

    /**
     * One step of the key exchange finished.
     *
     * @param step which request and answer
     * @param took how long the step took
     */
    default void dhStep(DhStep step, Duration took) {}

    /**
     * An auth key is ready. {@code reused} is true when it came from the session store (no exchange ran).
     *
     * @param authKeyId the public id of the key (not secret)
     * @param reused true for a stored key, false for a new exchange
     * @param took how long getting the key took (the whole exchange, or almost nothing)
     */
    default void authKeyReady(long authKeyId, boolean reused, Duration took) {}

    /**
     * The encrypted session is set up (salt known, reader running).
     *
     * @param sessionId the new session's random id
     * @param took how long the step took
     */
    default void sessionStarted(long sessionId, Duration took) {}

    /**
     * invokeWithLayer(initConnection(help.getConfig)) answered.
     *
     * @param layer the API layer the connection was initialised with
     * @param took how long the step took
     */
    default void initialized(int layer, Duration took) {}

    /**
     * A reconnect attempt after the connection was lost.
     *
     * @param attempt 1 for the first reconnection since the last success, then 2, 3, ...
     * @param cause why the previous connection ended, or null when unknown
     */
    default void reconnecting(int attempt, @Nullable Throwable cause) {}

    /**
     * The connection was closed; {@code cause} is null for a close asked by the user.
     *
     * @param cause the failure that ended the connection, or null
     */
    default void closed(@Nullable Throwable cause) {}
}
