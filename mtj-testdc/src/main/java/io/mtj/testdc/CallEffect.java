package io.mtj.testdc;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault attached to one request, in the manner of MockWebServer's socket effects: it happens at a named moment of
 * that request's life on the DC. Attach one with {@link Faults#onCall}.
 *
 * <ul>
 *   <li>{@link #closeBeforeExecuting()}: the DC reads the request, then closes the connection without executing or
 *       recording it (a later {@code msgs_state_req} says "not received", so the client may send it again under a
 *       new msg_id); messages after it in the same container are not read either.
 *   <li>{@link #closeAfterExecuting()}: the DC executes the request and keeps the answer, then closes the connection
 *       before sending anything; the answer is re-sent on the session's next connection.
 *   <li>{@link #closeAfterAck()}: the DC sends a {@code msgs_ack} for the request alone, executes the request, and
 *       closes the connection without sending the answer; the answer is re-sent on the session's next connection.
 *   <li>{@link #closeMidAnswer()}: the DC executes the request and closes the connection halfway through the packet
 *       that carries the answer; the answer is re-sent on the session's next connection.
 *   <li>{@link #readLate()}: the DC reads the request, then closes the connection without recording or executing
 *       it, as {@link #closeBeforeExecuting()}, but the request is only late: it is handled, as if the closed
 *       connection's reader had just got to it, right after the session's next {@code msgs_state_info} has gone out
 *       on another connection. This is the race of a slow reader on a connection the client has left against the
 *       client's new connection; messages after it in the same container are not read.
 *   <li>{@link #forgetSession()}: the DC executes the request, then forgets the whole session (answer included); the
 *       client's next message starts a new session ({@code new_session_created} with a first_msg_id above the
 *       request), so the request's outcome is unknown to the client.
 *   <li>{@link #skewClock(Duration)}: the DC's clock moves by {@code skew} (as {@link Faults#skewClock}) just before
 *       the request is executed.
 * </ul>
 */
public sealed interface CallEffect {
    /** Close the connection after reading the request, before executing it; the request is not recorded. */
    static CallEffect closeBeforeExecuting() {
        return Close.BEFORE_EXECUTING;
    }

    /** Execute the request and keep its answer, then close the connection before answering. */
    static CallEffect closeAfterExecuting() {
        return Close.AFTER_EXECUTING;
    }

    /** Acknowledge the request, execute it, then close the connection before answering. */
    static CallEffect closeAfterAck() {
        return Close.AFTER_ACK;
    }

    /** Execute the request and close the connection in the middle of the packet carrying its answer. */
    static CallEffect closeMidAnswer() {
        return Close.MID_ANSWER;
    }

    /**
     * Close the connection after reading the request without recording it, and handle it only once a msgs_state_info
     * went out on another connection of the session (a reader lagging behind the client's new connection).
     */
    static CallEffect readLate() {
        return new ReadLate();
    }

    /** Execute the request, then forget the session and the answer. */
    static CallEffect forgetSession() {
        return new ForgetSession();
    }

    /** Move the DC's clock by {@code skew} just before executing the request. */
    static CallEffect skewClock(Duration skew) {
        return new SkewClock(Objects.requireNonNull(skew, "skew"));
    }

    /** The connection-closing effects. */
    enum Close implements CallEffect {
        BEFORE_EXECUTING,
        AFTER_EXECUTING,
        AFTER_ACK,
        MID_ANSWER
    }

    /** See {@link #readLate()}. */
    record ReadLate() implements CallEffect {}

    /** See {@link #forgetSession()}. */
    record ForgetSession() implements CallEffect {}

    /** See {@link #skewClock(Duration)}. */
    record SkewClock(Duration skew) implements CallEffect {}
}
