package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default completions (one completion thread per session, not one per call) keep the promise of the thread per
 * call: dependent stages may block, on later calls of the same session or on calls whose answers come in the same
 * packet after their own, and every call still completes, never on the reader thread. The call timeout (30 s) is far
 * above the waits here, so a stage that stalled the others would fail the test rather than slow it.
 */
class CompletionThreadsTest {
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(5);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    private static ClientConfig config(TestDc dc) {
        return ClientConfig.builder(777, "hash")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .callTimeout(Duration.ofSeconds(30))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                .build();
    }

    /** Fifty calls in flight, each with a stage that makes another call of the session and blocks for its answer. */
    @Test
    void stagesOfManyCallsEachBlockOnAnotherCallOfTheSession() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc))) {
            client.connect();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Integer>> chained = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                chained.add(client.invoke(new HelpGetNearestDc()).thenApply(first -> {
                    threads.add(Thread.currentThread().getName());
                    try {
                        return first.thisDc()
                                + client.invokeBlocking(new HelpGetNearestDc()).thisDc();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }));
            }
            for (CompletableFuture<Integer> c : chained) {
                assertThat(c.get(20, TimeUnit.SECONDS)).isEqualTo(2 * dc.dcId());
            }
            // a call answered before its stage was attached runs the stage on the caller's thread ("main")
            assertThat(threads).contains("mtj-completion").noneMatch(name -> name.startsWith("mtj-reader"));
        }
    }

    /**
     * The first call's stage waits for two calls sent with it, whose answers come after its own (often in the same
     * packet), so their completions are queued behind the blocked stage; and a latch the last call's stage opens.
     * (When the first answer is in before its stage is attached, the stage runs on the test's thread, which proves
     * less but must pass too.)
     */
    @Test
    void aStageMayWaitForCallsAnsweredAfterItsOwn() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc))) {
            client.connect();
            for (int round = 0; round < 20; round++) {
                CountDownLatch opened = new CountDownLatch(1);
                CompletableFuture<NearestDc> a = client.invoke(new HelpGetNearestDc());
                CompletableFuture<NearestDc> b = client.invoke(new HelpGetNearestDc());
                CompletableFuture<NearestDc> c = client.invoke(new HelpGetNearestDc());
                CompletableFuture<NearestDc> d = client.invoke(new HelpGetNearestDc());
                d.thenRun(opened::countDown);
                CompletableFuture<Boolean> waited = a.thenApply(first -> {
                    CompletableFuture.allOf(b, c).join();
                    try {
                        return opened.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new CompletionException(e);
                    }
                });
                assertThat(waited.get(25, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
