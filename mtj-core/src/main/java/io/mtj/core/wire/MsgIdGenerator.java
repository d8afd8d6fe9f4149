package io.mtj.core.wire;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces MTProto msg_ids and holds the correction between the local clock and the server's.
 *
 * <p>A msg_id is roughly {@code unixtime * 2^32}: the upper 32 bits are whole seconds, the lower 32 bits the fraction
 * of a second, and the two lowest bits are replaced by the {@link MsgIdKind} parity. Time comes from the injected
 * {@link InstantSource} plus {@link #offsetMillis()}, the server-minus-local correction learnt from server_time
 * during the key exchange or from a {@code bad_msg_notification} 16/17 (see {@link #correctFrom(long)}).
 *
 * <p>Ids are strictly increasing across all kinds issued by one generator, even if the local clock stands still or
 * steps back: when the time-based id would not exceed the last one, the next free id of the wanted parity is used.
 * A correction ({@link #offsetMillis(long)}, {@link #correctTo}, {@link #correctFrom}) that moves the clock back
 * far is the exception: when the last id is more than {@value #STEP_BACK_SECONDS} s ahead of the corrected clock, ids
 * follow the corrected clock at once. Those ids were refused by the server as too new (bad_msg_notification 17) or
 * were made before it told us its time, so staying above them would keep every later id out of its window as well.
 * A smaller step back (server_time's whole seconds, the few milliseconds a server msg_id aged on its way) leaves ids
 * increasing: they are still inside the server's window, and a session's msg_ids must keep the order of its seqnos
 * (a later message with a lower msg_id is refused with bad_msg_notification 32/33). Safe to use from any number of
 * threads (lock-free).
 *
 * <p>The same instance also answers whether a received msg_id lies in the acceptance window of {@value
 * #MAX_PAST_SECONDS} s in the past and {@value #MAX_FUTURE_SECONDS} s in the future of the corrected clock, which both
 * the client and the test DC use to validate incoming messages.
 */
public final class MsgIdGenerator {
    /** A msg_id more than this far behind the corrected clock is rejected. */
    public static final int MAX_PAST_SECONDS = 300;
    /** A msg_id more than this far ahead of the corrected clock is rejected. */
    public static final int MAX_FUTURE_SECONDS = 30;
    /**
     * How far ahead of the corrected clock the last id may be and ids still go on increasing from it; half of {@link
     * #MAX_FUTURE_SECONDS}, so they stay well inside the server's window.
     */
    public static final int STEP_BACK_SECONDS = MAX_FUTURE_SECONDS / 2;

    private final InstantSource clock;
    private final AtomicLong last = new AtomicLong();
    private volatile long offsetMillis;

    public MsgIdGenerator(InstantSource clock) {
        this(clock, 0);
    }

    public MsgIdGenerator(InstantSource clock, long offsetMillis) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.offsetMillis = offsetMillis;
    }

    /** The next client msg_id ({@code % 4 == 0}). */
    public long next() {
        return next(MsgIdKind.CLIENT);
    }

    /** The next msg_id of the given kind, strictly greater than every id this generator issued before. */
    public long next(MsgIdKind kind) {
        long timed = (fromTime(now()) & ~3L) | kind.lowBits();
        while (true) {
            long prev = last.get();
            long id = timed > prev ? timed : (((prev >>> 2) + 1) << 2) | kind.lowBits();
            if (last.compareAndSet(prev, id)) {
                return id;
            }
        }
    }

    /** The corrected current time (local clock plus {@link #offsetMillis()}). */
    public Instant now() {
        return clock.instant().plusMillis(offsetMillis);
    }

    /** Server time minus local time, in milliseconds. */
    public long offsetMillis() {
        return offsetMillis;
    }

    /**
     * Replaces the correction; the next id follows the corrected clock, also below earlier ids when the last one is
     * more than {@value #STEP_BACK_SECONDS} s ahead of it.
     */
    public void offsetMillis(long offsetMillis) {
        this.offsetMillis = offsetMillis;
        followCorrectedClock();
    }

    /** Sets the correction so that the corrected clock reads {@code serverTime} now. */
    public void correctTo(Instant serverTime) {
        offsetMillis(serverTime.toEpochMilli() - clock.millis());
    }

    /**
     * Lowers the floor of the next id to the corrected clock when the last id is more than {@value #STEP_BACK_SECONDS}
     * s ahead of it, so a correction far backwards takes effect and a small one keeps ids increasing.
     */
    private void followCorrectedClock() {
        long corrected = fromTime(now());
        long floor = (corrected & ~3L) - 1;
        long tooFarAhead = corrected + ((long) STEP_BACK_SECONDS << 32);
        while (true) {
            long prev = last.get();
            if (prev <= tooFarAhead || last.compareAndSet(prev, floor)) {
                return;
            }
        }
    }

    /**
     * Sets the correction from a msg_id generated by the server (its upper 32 bits are the server's unixtime), as
     * required after {@code bad_msg_notification} codes 16 and 17.
     */
    public void correctFrom(long serverMsgId) {
        correctTo(toInstant(serverMsgId));
    }

    /** The time a msg_id encodes. */
    public static Instant toInstant(long msgId) {
        long seconds = msgId >>> 32;
        long nanos = ((msgId & 0xFFFF_FFFFL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The msg_id encoding {@code time} (before the parity bits are applied). */
    public static long fromTime(Instant time) {
        long fraction = ((long) time.getNano() << 32) / 1_000_000_000L;
        return (time.getEpochSecond() << 32) | fraction;
    }

    /** How {@link #checkWindow} judges a msg_id. */
    public enum Window {
        OK,
        /** More than {@link #MAX_PAST_SECONDS} behind the corrected clock. */
        TOO_OLD,
        /** More than {@link #MAX_FUTURE_SECONDS} ahead of the corrected clock. */
        TOO_NEW
    }

    /** Places {@code msgId} against the acceptance window around the corrected clock. */
    public Window checkWindow(long msgId) {
        long now = fromTime(now());
        if (msgId < now - ((long) MAX_PAST_SECONDS << 32)) {
            return Window.TOO_OLD;
        }
        if (msgId > now + ((long) MAX_FUTURE_SECONDS << 32)) {
            return Window.TOO_NEW;
        }
        return Window.OK;
    }
}
