package io.mtj.cli;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The options of {@code mtj testdc}.
 *
 * @param port the port to listen on; 0 picks a free one
 * @param chaos the {@code --chaos} spec (see {@link io.mtj.testdc.ChaosSpec}), or null
 */
record TestDcOptions(
        String host,
        int port,
        int dcId,
        boolean verbose,
        @Nullable String chaos) {
    static final String DEFAULT_HOST = "127.0.0.1";

    TestDcOptions(String host, int port, int dcId, boolean verbose) {
        this(host, port, dcId, verbose, null);
    }

    static TestDcOptions parse(List<String> args) throws UsageException {
        String host = DEFAULT_HOST;
        int port = 0;
        int dcId = ConnectOptions.DEFAULT_DC_ID;
        boolean verbose = false;
        String chaos = null;
        OptionReader r =
                new OptionReader("testdc", args, Set.of("--host", "--port", "--dc-id", "--chaos"), Set.of("--verbose"));
        while (r.advance()) {
            switch (r.name()) {
                case "--host" -> host = r.value();
                case "--port" -> port = r.intValue(0, 65535);
                case "--dc-id" -> dcId = r.intValue(1, 9999);
                case "--verbose" -> verbose = true;
                case "--chaos" -> chaos = r.value();
                default -> throw new IllegalStateException("unhandled option " + r.name());
            }
        }
        return new TestDcOptions(host, port, dcId, verbose, chaos);
    }
}
