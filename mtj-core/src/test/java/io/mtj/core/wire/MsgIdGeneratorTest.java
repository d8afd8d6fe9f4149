package io.mtj.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MsgIdGeneratorTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.250Z");

    @Test
    void encodesTimeInUpperBitsAndFractionBelow() {
        MsgIdGenerator gen = new MsgIdGenerator(InstantSource.fixed(T0));
        long id = gen.next();
        assertThat(id >>> 32).isEqualTo(T0.getEpochSecond());
        // 0.25 s is 2^30 in the lower 32 bits
        assertThat(id & 0xFFFF_FFFFL).isEqualTo(1L << 30);
        assertThat(id & 3).isZero();
    }

    @Test
    void strictlyIncreasingWithCorrectParityWhenClockStandsStill() {
        MsgIdGenerator gen = new MsgIdGenerator(InstantSource.fixed(T0));
        long prev = 0;
        for (int i = 0; i < 100; i++) {
            MsgIdKind kind = List.of(MsgIdKind.CLIENT, MsgIdKind.SERVER_RESPONSE, MsgIdKind.SERVER_NOTICE)
                    .get(i % 3);
            long id = gen.next(kind);
            assertThat(id).isGreaterThan(prev);
            assertThat(id & 3).isEqualTo(kind.lowBits());
            prev = id;
        }
    }

    @Test
    void staysMonotonicWhenClockStepsBack() {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        MsgIdGenerator gen = new MsgIdGenerator(now::get);
        long a = gen.next();
        now.set(T0.minusSeconds(10));
        long b = gen.next();
        assertThat(b).isGreaterThan(a);
        assertThat(b & 3).isZero();
        now.set(T0.plusSeconds(1));
        long c = gen.next();
        assertThat(c >>> 32).isEqualTo(T0.getEpochSecond() + 1);
    }

    @Test
    void offsetShiftsIdsAndCorrectFromUsesServerMsgId() {
        MsgIdGenerator gen = new MsgIdGenerator(InstantSource.fixed(T0));
        gen.offsetMillis(5_000);
        assertThat(gen.next() >>> 32).isEqualTo(T0.getEpochSecond() + 5);
        long serverId = MsgIdGenerator.fromTime(T0.plusSeconds(3600)) | 1;
        gen.correctFrom(serverId);
        assertThat(gen.offsetMillis()).isEqualTo(3_600_000);
        assertThat(gen.next() >>> 32).isEqualTo(T0.getEpochSecond() + 3600);
    }

    @Test
    void windowIs300SecondsPastAnd30Future() {
        MsgIdGenerator gen = new MsgIdGenerator(InstantSource.fixed(T0));
        assertThat(gen.checkWindow(MsgIdGenerator.fromTime(T0.minusSeconds(299))))
                .isEqualTo(MsgIdGenerator.Window.OK);
        assertThat(gen.checkWindow(MsgIdGenerator.fromTime(T0.minusSeconds(301))))
                .isEqualTo(MsgIdGenerator.Window.TOO_OLD);
        assertThat(gen.checkWindow(MsgIdGenerator.fromTime(T0.plusSeconds(29)))).isEqualTo(MsgIdGenerator.Window.OK);
        assertThat(gen.checkWindow(MsgIdGenerator.fromTime(T0.plusSeconds(31))))
                .isEqualTo(MsgIdGenerator.Window.TOO_NEW);
    }

    @Test
    void toInstantInvertsFromTime() {
        assertThat(MsgIdGenerator.toInstant(MsgIdGenerator.fromTime(T0))).isEqualTo(T0);
    }

    @Test
    void seqNoOddForContentRelated() {
        SeqNoCounter seq = new SeqNoCounter();
        assertThat(seq.next(true)).isEqualTo(1);
        assertThat(seq.next(false)).isEqualTo(2);
        assertThat(seq.next(true)).isEqualTo(3);
        assertThat(seq.next(true)).isEqualTo(5);
        assertThat(seq.next(false)).isEqualTo(6);
        assertThat(seq.count()).isEqualTo(3);
        seq.reset();
        assertThat(seq.next(true)).isEqualTo(1);
    }

    /** A correction backwards takes effect at once: the ids before it were out of the server's window anyway. */
    @Test
    void aCorrectionBackwardsMovesTheNextIdBack() {
        AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(3600)); // local clock an hour ahead
        MsgIdGenerator gen = new MsgIdGenerator(now::get);
        long refused = gen.next();
        long serverId = MsgIdGenerator.fromTime(T0) | 1;
        gen.correctFrom(serverId);
        long next = gen.next();
        assertThat(next).isLessThan(refused);
        assertThat(next >>> 32).isEqualTo(T0.getEpochSecond());
        assertThat(gen.next()).isGreaterThan(next);
        gen.offsetMillis(-3_600_000 - 60_000);
        assertThat(gen.next() >>> 32).isEqualTo(T0.getEpochSecond() - 60);
    }

    /**
     * A small correction backwards (here a server msg_id 200 ms older than the local clock, as a bad_msg_notification
     * 16 carries after its trip) keeps ids increasing: within one session a lower msg_id after a higher seqno is refused
     * (bad_msg_notification 33), and the ids are still inside the server's window. 20 s back does move them back.
     */
    @Test
    void aSmallCorrectionBackwardsKeepsIdsIncreasing() {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        MsgIdGenerator gen = new MsgIdGenerator(now::get);
        long before = gen.next();
        gen.correctFrom(MsgIdGenerator.fromTime(T0.minusMillis(200)) | 1);
        assertThat(gen.offsetMillis()).isEqualTo(-200);
        long after = gen.next();
        assertThat(after).isGreaterThan(before);
        assertThat(after >>> 32).isEqualTo(T0.getEpochSecond());
        // ids go on from one up to 15 s ahead of the corrected clock
        gen.offsetMillis(-(MsgIdGenerator.STEP_BACK_SECONDS * 1000L) + 1);
        assertThat(gen.next()).isGreaterThan(after);
        gen.offsetMillis(-20_000);
        long back = gen.next();
        assertThat(back).isLessThan(after);
        assertThat(back >>> 32).isEqualTo(T0.getEpochSecond() - 20);
    }

    @Test
    void clockSkewReadsAsASentence() {
        assertThat(ClockSkew.describe(-3_600_000)).isEqualTo("the local clock is 3,600 s ahead of the server's");
        assertThat(ClockSkew.describe(45_200)).isEqualTo("the local clock is 45 s behind the server's");
        assertThat(ClockSkew.describe(300)).isEqualTo("the local clock agrees with the server's to within a second");
    }
}
