package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.AccountCheckUsername;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.ChaosSpec;
import io.mtj.testdc.TestDc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls with 64 in flight against a DC that closes connections every few KB and kills them around random requests
 * (before or after executing, after the ack, in the middle of an answer), or also forgets sessions: every call ends
 * answered, or unknown only where the DC forgot; none runs twice.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChaosTest {
    private static final int CALLS = Integer.getInteger("chaos.calls", 2000);
    private static final int INFLIGHT = 64;

    @SuppressWarnings("NullAway.Init") // set in @BeforeAll
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        rsa = Clients.rsa(6464);
    }

    private static void dump() {
        StringBuilder b = new StringBuilder("threads at the first failure:\n");
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("mtj")) {
                b.append(e.getKey().getName()).append('\n');
                for (StackTraceElement f : e.getValue()) {
                    b.append("    ").append(f).append('\n');
                }
            }
        }
        System.err.println(b);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "close-every=16KB,kill=random,kill-every=50,seed=1; false",
                "close-every=16KB,kill=random,kill-every=50,forget-every=400,seed=2; true"
            })
    void everyCallEndsAnsweredOnceOrUnknownWhereForgotten(String spec, boolean forgets) throws Exception {
        Map<String, AtomicInteger> executed = new ConcurrentHashMap<>();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(Clients.config(dc)
                        .callTimeout(Duration.ofSeconds(60))
                        .reconnect(new ReconnectPolicy(1000, Duration.ofMillis(5), Duration.ofMillis(50)))
                        .build())) {
            dc.handle(AccountCheckUsername.class, m -> {
                executed.computeIfAbsent(m.username(), k -> new AtomicInteger()).incrementAndGet();
                return Boolean.TRUE;
            });
            dc.executions()
                    .identity(r -> r.method() instanceof AccountCheckUsername u
                            ? u.username()
                            : io.mtj.testdc.Executions.messageKey(r));
            client.connect();
            dc.faults().chaos(ChaosSpec.parse(spec, 1));
            Semaphore window = new Semaphore(INFLIGHT);
            List<CompletableFuture<Boolean>> calls = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                window.acquire();
                CompletableFuture<Boolean> call = client.invoke(new AccountCheckUsername("chaos" + i));
                call.whenComplete((v, e) -> window.release());
                calls.add(call);
            }
            int answered = 0;
            int unknown = 0;
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                try {
                    calls.get(i).get(90, TimeUnit.SECONDS);
                    answered++;
                    AtomicInteger n = executed.get("chaos" + i);
                    int times = n == null ? 0 : n.get();
                    if (times != 1) {
                        wrong.add("call " + i + " answered, executed " + times + " times");
                    }
                } catch (ExecutionException e) {
                    AtomicInteger n = executed.get("chaos" + i);
                    int times = n == null ? 0 : n.get();
                    if (e.getCause() instanceof OutcomeUnknownException) {
                        unknown++;
                        if (times > 1) {
                            wrong.add("call " + i + " unknown, executed " + times + " times");
                        }
                    } else {
                        if (wrong.isEmpty()) {
                            dump();
                        }
                        wrong.add("call " + i + " failed: " + e.getCause());
                    }
                }
            }
            dc.faults().clear();
            assertThat(wrong).isEmpty();
            assertThat(dc.executions().executedMoreThanOnce()).isZero();
            assertThat(answered + unknown).isEqualTo(CALLS);
            if (!forgets) {
                assertThat(unknown).isZero();
            }
        }
    }
}
