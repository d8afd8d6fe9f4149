package io.mtj.core;

import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Typed callbacks for each step of {@link TelegramClient#connect()}, with how long it took. Called on the connecting
 * thread, except the dial step's callbacks, which may come from the thread of the dial attempt they describe, and
 * reconnect and closed, which come from the reader thread; implementations must be quick, must not throw, and must
 * be thread-safe. Every method has an empty default. The same steps are recorded as JFR events of category "MTJ" (see {@code io.mtj.core.event}).
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
     * TCP (and proxy) connection established to {@code target}. {@link #dialed(String, int, Duration)} says more and
     * calls this by default.
     *
     * @param target the {@code host:port} the socket reached (a proxy's when one is used)
     * @param took how long the step took
     */
    default void dialed(String target, Duration took) {}

    /**
     * Step 1's end: the dial race was won by {@code target}. Dialling directly, a client races the DC's addresses
     * ({@link DialOptions}); {@code attempts} counts the addresses tried by then, the winner included, and each one
     * that failed first was reported to {@link #dialFailed}. Through a proxy there is one attempt. Calls {@link
     * #dialed(String, Duration)} unless overridden.
     *
     * @param target the {@code host:port} the winning attempt's socket reached (a proxy's when one is used)
     * @param attempts how many addresses had been tried when it won, at least 1
     * @param took from the start of the race to the winner's socket
     */
    default void dialed(String target, int attempts, Duration took) {
        dialed(target, took);
    }

    /**
     * One address of the dial race failed before the race was decided (refused, timed out, a proxy or handshake
     * failure); the next address is tried at once. Attempts cut short because another address won are not reported.
     * Called on the attempt's own thread, possibly while another attempt is being reported.
     *
     * @param address the {@code host:port} (IPv6 in brackets) that failed
     * @param cause what it did
     * @param took from the attempt's start to its failure
     */
    default void dialFailed(String address, IOException cause, Duration took) {}

    /**
     * Transport handshake (tag or obfuscation header, and any proxy, fake-TLS or WebSocket handshake) done; {@code
     * took} runs from the winning attempt's socket to the end of the race.
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
