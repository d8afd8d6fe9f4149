package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.AccountCheckUsername;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection is cut once at an offset of the RPC phase, in either direction, with {@value #CALLS} calls in
 * flight: every call ends answered (or, only where the server forgot it, unknown), and the DC's counters show no
 * call executed twice. Offsets: the first bytes one by one, then evenly spread over the phase, then seeded random
 * ones (bounded, so the matrix stays within a minute or two).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CutMatrixTest {
    static final int CALLS = 200;
    private static final int SPREAD = 24;
    private static final int RANDOM = 8;

    @SuppressWarnings("NullAway.Init") // set in @BeforeAll
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        rsa = Clients.rsa(777);
    }

    /** Executions of each call, told apart by its username, counted by the DC's handler (one map per test run). */
    private final Map<String, AtomicInteger> executed = new ConcurrentHashMap<>();

    private int executed(String username) {
        AtomicInteger n = executed.get(username);
        return n == null ? 0 : n.get();
    }

    private record Outcome(int answered, int unknown, List<String> wrong, long phaseBytes, boolean cut) {}

    private Outcome run(TestDc dc, CuttingDialer.Direction direction, long offset, int round) throws Exception {
        CuttingDialer dialer = new CuttingDialer(direction, offset);
        dc.executions()
                .identity(r -> r.method() instanceof AccountCheckUsername u
                        ? u.username()
                        : io.mtj.testdc.Executions.messageKey(r));
        try (TelegramClient client = new TelegramClient(Clients.config(dc)
                .dialer(dialer)
                .callTimeout(Duration.ofSeconds(30))
                .reconnect(new ReconnectPolicy(20, Duration.ofMillis(10), Duration.ofMillis(100)))
                .build())) {
            client.connect();
            dialer.arm();
            List<CompletableFuture<Boolean>> calls = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                calls.add(client.invoke(new AccountCheckUsername(direction + "r" + round + "c" + i)));
            }
            int answered = 0;
            int unknown = 0;
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                try {
                    assertThat(calls.get(i).get(60, TimeUnit.SECONDS)).isTrue();
                    answered++;
                    int executed = executed(direction + "r" + round + "c" + i);
                    if (executed != 1) {
                        wrong.add("call " + i + " answered but executed " + executed + " times");
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof OutcomeUnknownException) {
                        unknown++;
                    } else {
                        wrong.add("call " + i + " failed: " + e.getCause());
                    }
                }
            }
            for (int i = 0; i < CALLS; i++) {
                if (executed(direction + "r" + round + "c" + i) > 1) {
                    wrong.add("call " + i + " executed " + executed(direction + "r" + round + "c" + i) + " times");
                }
            }
            if (dc.executions().executedMoreThanOnce() != 0) {
                wrong.add(
                        "the DC counted " + dc.executions().executedMoreThanOnce() + " calls executed more than once");
            }
            return new Outcome(answered, unknown, wrong, dialer.counted(), dialer.didCut());
        }
    }

    @ParameterizedTest
    @EnumSource(CuttingDialer.Direction.class)
    void everyCallIsAnsweredOnceWhereverTheConnectionIsCut(CuttingDialer.Direction direction) throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build()) {
            dc.handle(AccountCheckUsername.class, m -> {
                executed.computeIfAbsent(m.username(), k -> new AtomicInteger()).incrementAndGet();
                return Boolean.TRUE;
            });
            // one run without a cut measures the phase
            Outcome whole = run(dc, direction, Long.MAX_VALUE, 0);
            assertThat(whole.wrong).isEmpty();
            assertThat(whole.answered).isEqualTo(CALLS);
            long phase = whole.phaseBytes;
            TreeSet<Long> offsets = new TreeSet<>();
            for (long k = 0; k < 8; k++) {
                offsets.add(k);
            }
            for (int i = 1; i <= SPREAD; i++) {
                offsets.add(phase * i / (SPREAD + 1));
            }
            SplittableRandom random = new SplittableRandom(direction.ordinal() * 31L + 7);
            for (int i = 0; i < RANDOM; i++) {
                offsets.add(random.nextLong(phase));
            }
            List<String> failures = new ArrayList<>();
            int round = 1;
            for (long offset : offsets) {
                Outcome o = run(dc, direction, offset, round++);
                if (!o.wrong.isEmpty() || o.unknown != 0 || o.answered != CALLS) {
                    failures.add("cut at " + direction + " byte " + offset + " of " + phase + ": " + o.answered
                            + " answered, " + o.unknown + " unknown, " + o.wrong);
                }
            }
            assertThat(failures)
                    .as("phase of %d bytes, %d cuts", phase, offsets.size())
                    .isEmpty();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
