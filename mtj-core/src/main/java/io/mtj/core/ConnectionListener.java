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

    /** TCP (and proxy) connection established to {@code target}. */
    default void dialed(String target, Duration took) {}

    /** Transport handshake (tag or obfuscation header) done. */
    default void transportReady(String framing, boolean obfuscated, Duration took) {}

    /** One step of the key exchange finished. */
    default void dhStep(DhStep step, Duration took) {}

    /**
     * An auth key is ready. {@code reused} is true when it came from the session store (no exchange ran).
     *
     * @param authKeyId the public id of the key (not secret)
     */
    default void authKeyReady(long authKeyId, boolean reused, Duration took) {}

    /** The encrypted session is set up (salt known, reader running). */
    default void sessionStarted(long sessionId, Duration took) {}

    /** invokeWithLayer(initConnection(help.getConfig)) answered. */
    default void initialized(int layer, Duration took) {}

    /** A reconnect attempt after the connection was lost. */
    default void reconnecting(int attempt, @Nullable Throwable cause) {}

    /** The connection was closed; {@code cause} is null for a close asked by the user. */
    default void closed(@Nullable Throwable cause) {}
}
