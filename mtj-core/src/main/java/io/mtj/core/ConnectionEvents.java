package io.mtj.core;

import io.mtj.core.event.AuthKeyEvent;
import io.mtj.core.event.ClosedEvent;
import io.mtj.core.event.DialEvent;
import io.mtj.core.event.InitConnectionEvent;
import io.mtj.core.event.ReconnectEvent;
import io.mtj.core.event.SessionEvent;
import io.mtj.core.event.TransportEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import jdk.jfr.Event;
import org.jspecify.annotations.Nullable;

/**
 * Reports each connection step to the user's {@link ConnectionListener} and as a JFR event. A listener that throws is
 * logged and otherwise ignored. A step's JFR event begins when the step starts and is committed when it ends, so
 * its duration is the step's.
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
        final E event;
        final long startNanos = System.nanoTime();

        Step(E event) {
            this.event = event;
            event.begin();
        }

        Duration took() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    static Step<DialEvent> dial() {
        return new Step<>(new DialEvent());
    }

    static Step<TransportEvent> transport() {
        return new Step<>(new TransportEvent());
    }

    static Step<AuthKeyEvent> authKey() {
        return new Step<>(new AuthKeyEvent());
    }

    static Step<SessionEvent> session() {
        return new Step<>(new SessionEvent());
    }

    static Step<InitConnectionEvent> init() {
        return new Step<>(new InitConnectionEvent());
    }

    void dialed(Step<DialEvent> step, String target) {
        DialEvent e = step.event;
        e.target = target;
        e.commit();
        call(() -> listener.dialed(target, step.took()));
    }

    void transportReady(Step<TransportEvent> step, String framing, boolean obfuscated) {
        TransportEvent e = step.event;
        e.framing = framing;
        e.obfuscated = obfuscated;
        e.commit();
        call(() -> listener.transportReady(framing, obfuscated, step.took()));
    }

    void authKeyReady(Step<AuthKeyEvent> step, long authKeyId, boolean reused) {
        AuthKeyEvent e = step.event;
        e.authKeyId = authKeyId;
        e.reused = reused;
        e.commit();
        call(() -> listener.authKeyReady(authKeyId, reused, step.took()));
    }

    void sessionStarted(Step<SessionEvent> step, long sessionId) {
        SessionEvent e = step.event;
        e.sessionId = sessionId;
        e.commit();
        call(() -> listener.sessionStarted(sessionId, step.took()));
    }

    void initialized(Step<InitConnectionEvent> step, int layer) {
        InitConnectionEvent e = step.event;
        e.layer = layer;
        e.commit();
        call(() -> listener.initialized(layer, step.took()));
    }

    void reconnecting(int attempt, @Nullable Throwable cause) {
        ReconnectEvent e = new ReconnectEvent();
        e.attempt = attempt;
        e.cause = cause == null ? "" : cause.toString();
        e.commit();
        call(() -> listener.reconnecting(attempt, cause));
    }

    void closed(@Nullable Throwable cause) {
        ClosedEvent e = new ClosedEvent();
        e.cause = cause == null ? "" : cause.toString();
        e.commit();
        call(() -> listener.closed(cause));
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection listener threw", e);
        }
    }
}
