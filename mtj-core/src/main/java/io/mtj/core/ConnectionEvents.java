package io.mtj.core;

import io.mtj.core.event.AuthKeyEvent;
import io.mtj.core.event.ClosedEvent;
import io.mtj.core.event.DialEvent;
import io.mtj.core.event.DialFailedEvent;
import io.mtj.core.event.InitConnectionEvent;
import io.mtj.core.event.ReconnectEvent;
import io.mtj.core.event.SessionEvent;
import io.mtj.core.event.TransportEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Reports each connection step to the user's {@link ConnectionListener} and as a JFR event. A listener that throws is
 * logged and otherwise ignored. A step's JFR event begins when the step starts and is committed when it ends, so
 * its duration is the step's.
 *
 * <p>JFR events are made only once JFR is running in the JVM ({@link FlightRecorder#isInitialized()}: a recording was
 * started by {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API). The first use of an event class
 * registers it, and registering the first one sets up JFR's metadata: about 300 classes and 0.3-0.7 s on a cold
 * JVM, which used to land in every first connect (issue 9).
 */
final class ConnectionEvents {
    private static final System.Logger LOG = System.getLogger(ConnectionEvents.class.getName());
    private final ConnectionListener listener;

    ConnectionEvents(ConnectionListener listener) {
        this.listener = listener;
    }

    /**
     * A started step: the JFR event, begun when the step started, and the start time for the listener.
     *
     * @param <E> the JFR event type of the step
     */
    static final class Step<E extends Event> {
        final @Nullable E event;
        final long startNanos = System.nanoTime();

        Step(@Nullable E event) {
            this.event = event;
            if (event != null) {
                event.begin();
            }
        }

        Duration took() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    static Step<DialEvent> dial() {
        return new Step<>(jfr() ? new DialEvent() : null);
    }

    static Step<TransportEvent> transport() {
        return new Step<>(jfr() ? new TransportEvent() : null);
    }

    static Step<AuthKeyEvent> authKey() {
        return new Step<>(jfr() ? new AuthKeyEvent() : null);
    }

    static Step<SessionEvent> session() {
        return new Step<>(jfr() ? new SessionEvent() : null);
    }

    static Step<InitConnectionEvent> init() {
        return new Step<>(jfr() ? new InitConnectionEvent() : null);
    }

    /** Step 1's end: {@code target} won the race after {@code attempts} attempts; {@code took} to its socket. */
    void dialed(Step<DialEvent> step, String target, int attempts, Duration took) {
        DialEvent e = step.event;
        if (e != null) {
            e.target = target;
            e.attempts = attempts;
            e.commit();
        }
        call(() -> listener.dialed(target, attempts, took));
    }

    /** An attempt of the race failed before the race was decided; called on the attempt's thread. */
    void dialFailed(String address, IOException cause, Duration took) {
        if (jfr()) {
            DialFailedEvent e = new DialFailedEvent();
            e.address = address;
            e.cause = cause.toString();
            e.commit();
        }
        call(() -> listener.dialFailed(address, cause, took));
    }

    /** Step 2's end: the winner's transport step, {@code took} from its socket to the end of the race. */
    void transportReady(Step<TransportEvent> step, String framing, boolean obfuscated, Duration took) {
        TransportEvent e = step.event;
        if (e != null) {
            e.framing = framing;
            e.obfuscated = obfuscated;
            e.commit();
        }
        call(() -> listener.transportReady(framing, obfuscated, took));
    }

    void authKeyReady(Step<AuthKeyEvent> step, long authKeyId, boolean reused) {
        AuthKeyEvent e = step.event;
        if (e != null) {
            e.authKeyId = authKeyId;
            e.reused = reused;
            e.commit();
        }
        call(() -> listener.authKeyReady(authKeyId, reused, step.took()));
    }

    void sessionStarted(Step<SessionEvent> step, long sessionId) {
        SessionEvent e = step.event;
        if (e != null) {
            e.sessionId = sessionId;
            e.commit();
        }
        call(() -> listener.sessionStarted(sessionId, step.took()));
    }

    void initialized(Step<InitConnectionEvent> step, int layer) {
        InitConnectionEvent e = step.event;
        if (e != null) {
            e.layer = layer;
            e.commit();
        }
        call(() -> listener.initialized(layer, step.took()));
    }

    void reconnecting(int attempt, @Nullable Throwable cause) {
        if (jfr()) {
            ReconnectEvent e = new ReconnectEvent();
            e.attempt = attempt;
            e.cause = cause == null ? "" : cause.toString();
            e.commit();
        }
        call(() -> listener.reconnecting(attempt, cause));
    }

    void closed(@Nullable Throwable cause) {
        if (jfr()) {
            ClosedEvent e = new ClosedEvent();
            e.cause = cause == null ? "" : cause.toString();
            e.commit();
        }
        call(() -> listener.closed(cause));
    }

    /** Whether JFR runs in this JVM, so that making an event is worth its first-use cost. */
    static boolean jfr() {
        return FlightRecorder.isInitialized();
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection listener threw", e);
        }
    }
}
