package io.mtj.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs the proxy tests start. A missing program fails the test when {@code
 * CI=true} and skips it otherwise; either way the message says how to install it.
 */
public final class ExternalTools {
    public static final Path DANTED = Path.of("/usr/sbin/danted");
    public static final Path TINYPROXY = Path.of("/usr/bin/tinyproxy");
    public static final Path STUNNEL = Path.of("/usr/bin/stunnel4");
    public static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** The system account tools/install-test-deps.sh creates for dante's username method. */
    public static final String SOCKS_USER = "mtjproxy";

    public static final String SOCKS_PASSWORD = "mtj-proxy-test-pw";

    private ExternalTools() {}

    public static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static Path require(Path binary) {
        if (Files.isExecutable(binary)) {
            return binary;
        }
        String message = binary + " is missing: run tools/install-test-deps.sh as root to install the proxy test tools";
        if (ci()) {
            fail(message);
        }
        Assumptions.abort(message);
        return binary;
    }

    /** Tests that authenticate against system accounts (dante's username method) need root. */
    public static void requireRoot(String why) {
        if (root()) {
            return;
        }
        String message = why + " needs root (dante checks passwords against /etc/shadow); run the tests as root";
        if (ci()) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
