package io.mtj.cli;

import java.util.List;
import java.util.Set;

/**
 * The options of {@code mtj testdc}.
 *
 * @param port the port to listen on; 0 picks a free one
 */
record TestDcOptions(String host, int port, int dcId, boolean verbose) {
    static final String DEFAULT_HOST = "127.0.0.1";

    static TestDcOptions parse(List<String> args) throws UsageException {
        String host = DEFAULT_HOST;
        int port = 0;
        int dcId = ConnectOptions.DEFAULT_DC_ID;
        boolean verbose = false;
        OptionReader r = new OptionReader("testdc", args, Set.of("--host", "--port", "--dc-id"), Set.of("--verbose"));
        while (r.advance()) {
            switch (r.name()) {
                case "--host" -> host = r.value();
                case "--port" -> port = r.intValue(0, 65535);
                case "--dc-id" -> dcId = r.intValue(1, 9999);
                case "--verbose" -> verbose = true;
                default -> throw new IllegalStateException("unhandled option " + r.name());
            }
        }
        return new TestDcOptions(host, port, dcId, verbose);
    }
}
