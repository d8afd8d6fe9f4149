package io.mtj.bench.startup;

import io.mtj.core.ClientConfig;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a fresh JVM does for the start-up target of issue 9: from {@code main} to the help.getConfig answer of an
 * embedded test DC, in one process. The DC's RSA key is read from a PEM file (generated once by {@link
 * StartupHarness}, as the CLI demo may cache it), so key generation is not part of the figure.
 *
 * <p>Prints one line, {@code first-connect dc=<ms> config=<ms> answer=<ms> cpu=<ms>}: milliseconds since {@code
 * main} began at which the DC was listening, the client's config was built, and the answer arrived, then the CPU
 * time the whole process (every thread: client, DC, JIT compilers, GC) had used by then, which the load of a shared
 * machine inflates far less than the wall-clock figures. Uses only API that main had before the start-up work, so
 * the same class runs against the before and after builds.
 */
public final class FirstConnect {
    private FirstConnect() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args.length != 1) {
            System.err.println("usage: FirstConnect <dc-rsa-private-key.pem>");
            System.exit(2);
        }
        RsaKeyPair key = RsaKeyPair.fromPrivatePem(Files.readString(Path.of(args[0]), StandardCharsets.US_ASCII));
        try (TestDc dc = TestDc.builder().rsaKey(key).build()) {
            long dcReady = System.nanoTime();
            ClientConfig config = ClientConfig.builder(1, "0123456789abcdef0123456789abcdef")
                    .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                    .serverKeys(List.of(dc.publicKey()))
                    .build();
            long configBuilt = System.nanoTime();
            try (TelegramClient client = new TelegramClient(config)) {
                int thisDc = client.connect().thisDc();
                long answered = System.nanoTime();
                long cpuMillis = ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .map(d -> d.toMillis())
                        .orElse(-1L);
                System.out.println("first-connect dc=" + millis(start, dcReady) + " config="
                        + millis(start, configBuilt) + " answer=" + millis(start, answered) + " cpu=" + cpuMillis
                        + " this_dc=" + thisDc);
            }
        }
    }

    private static String millis(long from, long to) {
        return String.format("%.1f", (to - from) / 1e6);
    }
}
