package io.mtj.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code mtj ping}: its own three, and the route options of {@code mtj connect} (which parses them).
 *
 * @param count calls to send
 * @param inflight most calls waiting for their answer at once
 * @param method help.getNearestDc (an API call the DC executes) or ping (an MTProto service message)
 * @param route how to reach the DC, as for connect
 */
record PingOptions(int count, int inflight, Method method, ConnectOptions route) {
    static final int DEFAULT_COUNT = 1000;
    static final int DEFAULT_INFLIGHT = 16;

    /** Its own options, then connect's route options (which {@link ConnectOptions} parses). */
    static final List<Option> OPTIONS = withRoute(List.of(
            Option.valued("--count", "N", "calls to send (default " + DEFAULT_COUNT + ")"),
            Option.valued(
                    "--inflight", "C", "most calls waiting for an answer at once (default " + DEFAULT_INFLIGHT + ")"),
            Option.valued("--method", "NAME", "getNearestDc (an API call) or ping (an MTProto service message)")));

    /** {@code own} followed by connect's options, for a command that passes the rest to {@link ConnectOptions}. */
    static List<Option> withRoute(List<Option> own) {
        List<Option> all = new ArrayList<>(own);
        all.addAll(ConnectOptions.OPTIONS);
        return List.copyOf(all);
    }

    enum Method {
        GET_NEAREST_DC("getNearestDc"),
        PING("ping");

        final String text;

        Method(String text) {
            this.text = text;
        }
    }

    static PingOptions parse(List<String> args) throws UsageException {
        int count = DEFAULT_COUNT;
        int inflight = DEFAULT_INFLIGHT;
        Method method = Method.GET_NEAREST_DC;
        List<String> route = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!name.equals("--count") && !name.equals("--inflight") && !name.equals("--method")) {
                route.add(a);
                continue;
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("mtj ping: " + name + " needs a value");
            }
            switch (name) {
                case "--count" -> count = positive(name, value, 100_000_000);
                case "--inflight" -> inflight = positive(name, value, 4096);
                default ->
                    method = switch (value) {
                        case "getNearestDc" -> Method.GET_NEAREST_DC;
                        case "ping" -> Method.PING;
                        default ->
                            throw new UsageException(
                                    "mtj ping: --method " + value + " is not one of getNearestDc, ping");
                    };
            }
        }
        ConnectOptions connect = ConnectOptions.parse(route);
        if (connect.embeddedMtProxy()) {
            throw new UsageException("mtj ping: --mtproxy is for mtj connect; give --dc and an MTProxy --proxy link");
        }
        return new PingOptions(count, inflight, method, connect);
    }

    private static int positive(String name, String value, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("mtj ping: " + name + " " + value + " is not an integer 1.." + max);
    }
}
