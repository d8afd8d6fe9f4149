package io.mtj.testdc;

import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** The random part of a {@link ChaosSpec}: which request gets which effect, from the spec's seed. */
final class Chaos {
    private static final CallEffect[] KILLS = {
        CallEffect.closeBeforeExecuting(),
        CallEffect.closeAfterExecuting(),
        CallEffect.closeAfterAck(),
        CallEffect.closeMidAnswer()
    };

    private final ChaosSpec spec;
    private final LockedRandom random;

    Chaos(ChaosSpec spec) {
        this.spec = spec;
        this.random = new LockedRandom(new SplittableRandom(spec.seed()));
    }

    /** The effect for the next request, or null (most requests). */
    @Nullable
    CallEffect pick() {
        if (spec.forgetEvery() > 0 && Math.floorMod(random.nextLong(), spec.forgetEvery()) == 0) {
            return CallEffect.forgetSession();
        }
        ChaosSpec.Kill kill = spec.kill();
        if (kill == null || Math.floorMod(random.nextLong(), spec.killEvery()) != 0) {
            return null;
        }
        return switch (kill) {
            case RANDOM -> KILLS[Math.floorMod(random.nextLong(), KILLS.length)];
            case BEFORE_EXECUTE -> CallEffect.closeBeforeExecuting();
            case AFTER_EXECUTE -> CallEffect.closeAfterExecuting();
            case AFTER_ACK -> CallEffect.closeAfterAck();
            case MID_ANSWER -> CallEffect.closeMidAnswer();
        };
    }
}
