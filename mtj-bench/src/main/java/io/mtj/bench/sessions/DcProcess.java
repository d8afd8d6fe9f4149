package io.mtj.bench.sessions;

import io.mtj.testdc.TestDc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A test DC in a process of its own, so that a harness measuring the clients' heap does not count the DC's. Prints
 * {@code PORT <n>} and {@code KEY <base64 of the PEM>} on standard output, then serves until standard input closes.
 */
public final class DcProcess {
    private DcProcess() {}

    public static void main(String[] args) throws IOException {
        try (TestDc dc = TestDc.builder().build()) {
            System.out.println("PORT " + dc.port());
            System.out.println("KEY "
                    + Base64.getEncoder().encodeToString(dc.publicKeyPem().getBytes(StandardCharsets.UTF_8)));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // serve until the parent closes our standard input
            }
        }
    }
}
