package io.mtj.bench.client;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole calls through {@link TelegramClient} to the test DC over 127.0.0.1: serialization, the session (msg_id,
 * seqno, containers, acks), the MTProto 2.0 cipher both ways, the framing and, with {@code obfuscated}, AES-CTR,
 * then the test DC's side of all of it. {@code oneCall}: one call at a time (latency); {@code pipelined}: 100 calls
 * in flight, then all answers (throughput; the score is per call).
 */
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // JMH sets @Param fields and calls @Setup before any benchmark
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CallBenchmark {
    static final int PIPELINED = 100;

    @Param({"false", "true"})
    public boolean obfuscated;

    private TestDc dc;
    private TelegramClient client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(1);
        dc = TestDc.builder().rsaKey(RsaKeyPair.generate2048(seeded)).build();
        client = new TelegramClient(ClientConfig.builder(1, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .framing(Framing.INTERMEDIATE)
                .obfuscated(obfuscated)
                .callTimeout(Duration.ofSeconds(30))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                .build());
        client.connect();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        dc.close();
    }

    @Benchmark
    public NearestDc oneCall() throws Exception {
        return client.invokeBlocking(new HelpGetNearestDc());
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINED)
    public int pipelined() throws Exception {
        @SuppressWarnings("unchecked")
        CompletableFuture<NearestDc>[] calls = new CompletableFuture[PIPELINED];
        for (int i = 0; i < PIPELINED; i++) {
            calls[i] = client.invoke(new HelpGetNearestDc());
        }
        int sum = 0;
        for (CompletableFuture<NearestDc> call : calls) {
            sum += call.get(30, TimeUnit.SECONDS).thisDc();
        }
        return sum;
    }
}
