package io.mtj.bench.startup;

import io.mtj.api.Schema;
import io.mtj.core.ClientConfig;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two parts issue 9 timed alone, each as the first thing a fresh JVM does: {@code registry} times the first
 * {@code Schema.registry()}, {@code config <key.pem>} the first {@code ClientConfig.builder(...).build()} (the key
 * is read before the clock starts). Like {@link FirstConnect} it uses only API main had before the start-up work, so
 * it runs from its class file alone ahead of either build:
 *
 * <pre>
 * unzip -o mtj-bench/target/benchmarks.jar 'io/mtj/bench/startup/ColdParts.class' -d /tmp/probe
 * java -cp /tmp/probe:/tmp/before.jar io.mtj.bench.startup.ColdParts registry
 * java -cp /tmp/probe:/tmp/before.jar io.mtj.bench.startup.ColdParts config /tmp/key.pem
 * </pre>
 */
public final class ColdParts {
    private ColdParts() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("registry")) {
            long start = System.nanoTime();
            int size = Schema.registry().size();
            System.out.printf("first Schema.registry(): %.1f ms (%d ids)%n", (System.nanoTime() - start) / 1e6, size);
        } else if (args.length == 2 && args[0].equals("config")) {
            RsaPublicKey key = RsaKeyPair.fromPrivatePem(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII))
                    .publicKey();
            long start = System.nanoTime();
            ClientConfig.builder(1, "0123456789abcdef0123456789abcdef")
                    .endpoint(Endpoint.of("127.0.0.1", 443, 2))
                    .serverKeys(List.of(key))
                    .build();
            System.out.printf("first ClientConfig.builder(...).build(): %.1f ms%n", (System.nanoTime() - start) / 1e6);
        } else {
            System.err.println("usage: ColdParts registry | config <rsa-private-key.pem>");
            System.exit(2);
        }
    }
}
