package io.mtj.testdc;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Faults#chaos} (and {@code mtj testdc --chaos SPEC}) applies continuously. A spec is a comma-separated
 * list of {@code name=value} items, each name at most once:
 *
 * <pre>
 * close-every=SIZE    close each connection once the DC has written SIZE bytes to it, wherever that falls
 *                     (SIZE: a whole number with an optional unit B, KB or MB; 1 KB = 1024 bytes)
 * kill=MODE           a connection-closing effect on random requests; MODE is random (any of the four),
 *                     before-execute, after-execute, after-ack, mid-answer, or none (the default)
 * kill-every=N        on average one request in N gets the kill effect (default 100; needs kill)
 * forget-every=N      on average one request in N makes the DC forget its session after executing it
 *                     (the client then cannot know that call's outcome; default off)
 * skew=[+|-]N[s|m|h]  the DC's clock offset (default unit s)
 * seed=N              the seed of the random choices (default: a random seed)
 * </pre>
 *
 * Example: {@code close-every=64KB,kill=random,skew=+3600s}.
 *
 * @param closeEveryBytes the byte budget per connection, or -1 for none
 * @param kill the kill mode, or null for none
 * @param killEvery one request in this many gets the kill effect
 * @param forgetEvery one request in this many forgets its session, or 0 for never
 * @param skew the clock skew, or null to leave the clock alone
 * @param seed the seed of the random choices
 */
public record ChaosSpec(
        long closeEveryBytes,
        @Nullable Kill kill,
        int killEvery,
        int forgetEvery,
        @Nullable Duration skew,
        long seed) {

    /** Which connection-closing effect {@code kill} applies. */
    public enum Kill {
        RANDOM("random"),
        BEFORE_EXECUTE("before-execute"),
        AFTER_EXECUTE("after-execute"),
        AFTER_ACK("after-ack"),
        MID_ANSWER("mid-answer");

        private final String text;

        Kill(String text) {
            this.text = text;
        }

        /** The spelling in a spec. */
        public String text() {
            return text;
        }
    }

    /** The default for kill-every. */
    public static final int DEFAULT_KILL_EVERY = 100;

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException naming the item and what was expected
     */
    public static ChaosSpec parse(String spec, long defaultSeed) {
        long closeEvery = -1;
        Kill kill = null;
        int killEvery = 0;
        int forgetEvery = 0;
        Duration skew = null;
        long seed = defaultSeed;
        Set<String> seen = new HashSet<>();
        if (spec.isBlank()) {
            throw new IllegalArgumentException(
                    "chaos spec is empty; expected items such as close-every=64KB,kill=random");
        }
        for (String item : spec.split(",", -1)) {
            String trimmed = item.strip();
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException(
                        "chaos spec item '" + trimmed + "' is not name=value (in '" + spec + "')");
            }
            String name = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(eq + 1).strip();
            if (!seen.add(name)) {
                throw new IllegalArgumentException("chaos spec names '" + name + "' twice (in '" + spec + "')");
            }
            switch (name) {
                case "close-every" -> closeEvery = size(name, value);
                case "kill" -> kill = kill(value);
                case "kill-every" -> killEvery = positive(name, value);
                case "forget-every" -> forgetEvery = positive(name, value);
                case "skew" -> skew = duration(name, value);
                case "seed" -> seed = number(name, value);
                default ->
                    throw new IllegalArgumentException("chaos spec item '" + trimmed + "': unknown name '" + name
                            + "' (expected close-every, kill, kill-every, forget-every, skew or seed)");
            }
        }
        if (killEvery != 0 && kill == null) {
            throw new IllegalArgumentException("chaos spec sets kill-every without kill (in '" + spec + "')");
        }
        return new ChaosSpec(
                closeEvery, kill, killEvery == 0 ? DEFAULT_KILL_EVERY : killEvery, forgetEvery, skew, seed);
    }

    private static @Nullable Kill kill(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("none")) {
            return null;
        }
        for (Kill k : Kill.values()) {
            if (k.text.equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("chaos spec item 'kill=" + value
                + "': expected random, before-execute, after-execute, after-ack, mid-answer or none");
    }

    private static long size(String name, String value) {
        String v = value.toUpperCase(Locale.ROOT);
        long unit = 1;
        String digits = v;
        if (v.endsWith("KB")) {
            unit = 1024;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("MB")) {
            unit = 1024 * 1024;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("B")) {
            digits = v.substring(0, v.length() - 1);
        }
        long n = number(name, digits.strip(), value);
        if (n <= 0 || n > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException(
                    "chaos spec item '" + name + "=" + value + "': expected a positive size such as 64KB");
        }
        return n * unit;
    }

    private static Duration duration(String name, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = v;
        char last = v.charAt(v.length() - 1);
        if (last == 's' || last == 'm' || last == 'h') {
            unit = last == 's' ? 1 : last == 'm' ? 60 : 3600;
            digits = v.substring(0, v.length() - 1);
        }
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        long n = number(name, digits, value);
        if (Math.abs(n) > 365L * 24 * 3600 / unit) {
            throw new IllegalArgumentException(
                    "chaos spec item '" + name + "=" + value + "': a skew of more than a year is not supported");
        }
        return Duration.ofSeconds(n * unit);
    }

    private static int positive(String name, String value) {
        long n = number(name, value);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "chaos spec item '" + name + "=" + value + "': expected a whole number of at least 1");
        }
        return (int) n;
    }

    private static long number(String name, String value) {
        return number(name, value, value);
    }

    private static long number(String name, String digits, String value) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "chaos spec item '" + name + "=" + value + "': '" + digits + "' is not a whole number", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (closeEveryBytes > 0) {
            s.append("close-every=").append(closeEveryBytes).append("B,");
        }
        Kill k = kill;
        if (k != null) {
            s.append("kill=")
                    .append(k.text)
                    .append(",kill-every=")
                    .append(killEvery)
                    .append(',');
        }
        if (forgetEvery > 0) {
            s.append("forget-every=").append(forgetEvery).append(',');
        }
        Duration d = skew;
        if (d != null) {
            s.append("skew=")
                    .append(d.isNegative() ? "" : "+")
                    .append(d.toSeconds())
                    .append("s,");
        }
        return s.append("seed=").append(seed).toString();
    }
}
