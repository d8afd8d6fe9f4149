package io.mtj.interop;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What the interop tests need from the machine. Outside CI a missing piece skips the test with the
 * reason; with {@code CI=true} it fails, naming how to install it.
 */
final class NodeEnvironment {
    private NodeEnvironment() {}

    static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    static NodeRunner requireNode() {
        NodeRunner runner = new NodeRunner(NodeRunner.defaultDirectory(), "node");
        if (runner.nodeVersion() == null) {
            missing("node is not on PATH: install Node.js 18 or newer (Debian: apt-get install nodejs npm)");
        }
        return runner;
    }

    static NodeRunner requireClients() {
        NodeRunner runner = requireNode();
        if (!runner.clientsInstalled()) {
            missing("mtcute and GramJS are not installed in "
                    + runner.directory().resolve("node_modules") + ": run tools/install-interop.sh");
        }
        return runner;
    }

    private static void missing(String why) {
        if (ci()) {
            fail(why);
        }
        Assumptions.abort(why);
    }
}
