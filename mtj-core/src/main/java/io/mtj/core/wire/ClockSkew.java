package io.mtj.core.wire;

import java.util.Locale;

/** Describes a clock correction as a sentence for users ("the local clock is 3,600 s ahead of the server's"). */
public final class ClockSkew {
    private ClockSkew() {}

    /**
     * The sentence for {@code offsetMillis}, the server's time minus the local time: a negative offset means the
     * local clock is ahead.
     */
    public static String describe(long offsetMillis) {
        long seconds = Math.round(Math.abs(offsetMillis) / 1000.0);
        if (seconds == 0) {
            return "the local clock agrees with the server's to within a second";
        }
        String amount = String.format(Locale.ROOT, "%,d s", seconds);
        return "the local clock is " + amount + (offsetMillis < 0 ? " ahead of" : " behind") + " the server's";
    }
}
