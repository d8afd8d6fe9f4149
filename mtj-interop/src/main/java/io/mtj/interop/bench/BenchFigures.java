package io.mtj.interop.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The figures of one client run: named numbers, written and read as one flat JSON line. */
public final class BenchFigures {
    private static final Pattern NUMBER = Pattern.compile("\"([a-z0-9_]+)\"\\s*:\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)");
    private static final Pattern CLIENT = Pattern.compile("\"client\"\\s*:\\s*\"([a-z0-9]+)\"");

    private final String client;
    private final Map<String, Double> values = new LinkedHashMap<>();

    public BenchFigures(String client) {
        this.client = client;
    }

    public String client() {
        return client;
    }

    public void put(String name, double value) {
        values.put(name, value);
    }

    /** The figure, or NaN when the run did not report it. */
    public double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    public String toJson() {
        StringBuilder b = new StringBuilder("{\"client\":\"").append(client).append('"');
        values.forEach((k, v) -> b.append(",\"").append(k).append("\":").append(String.format(Locale.ROOT, "%.4f", v)));
        return b.append('}').toString();
    }

    /** Reads a line written by {@link #toJson()} or by the node scripts; null if it is not one. */
    public static @org.jspecify.annotations.Nullable BenchFigures parse(String line) {
        Matcher c = CLIENT.matcher(line);
        if (!line.startsWith("{") || !c.find()) {
            return null;
        }
        BenchFigures f = new BenchFigures(c.group(1));
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            f.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return f;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** CPU time of this whole process (all threads: JIT and GC included), in nanoseconds. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos())
                .orElse(0L);
    }
}
