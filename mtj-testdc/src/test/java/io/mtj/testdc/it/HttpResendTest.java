package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ConnectionListener;
import io.mtj.core.TelegramClient;
import io.mtj.testdc.CallEffect;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestDc;
import io.mtj.transport.FrameListener;
import io.mtj.transport.Framing;
import io.mtj.transport.HttpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP transport sends a request once more, byte for byte, when a kept-alive connection ends before any byte of
 * its answer. The server may have executed it (here it did: the DC executes the call, keeps the answer and closes the
 * connection), so the repeat is the same encrypted message under the same msg_id, which the DC recognises as a
 * duplicate and answers from what it kept: executed once, the caller answered, no reconnect.
 */
@Timeout(120)
class HttpResendTest {
    @Test
    void aRequestResentOnANewConnectionAfterAKeptAliveOneClosedRunsOnceAndIsAnswered() throws Exception {
        try (TestDc dc = TestDc.builder().dcId(2).rsaKey(Clients.rsa(4121)).build()) {
            List<byte[]> sent = new CopyOnWriteArrayList<>();
            AtomicBoolean recording = new AtomicBoolean();
            FrameListener frames = (direction, framing, bytes, off, len, quickAck) -> {
                if (recording.get() && direction == FrameListener.Direction.SENT) {
                    sent.add(java.util.Arrays.copyOfRange(bytes, off, off + len));
                }
            };
            AtomicInteger reconnects = new AtomicInteger();
            ConnectionListener listener = new ConnectionListener() {
                @Override
                public void reconnecting(int attempt, @Nullable Throwable cause) {
                    reconnects.incrementAndGet();
                }
            };
            try (TelegramClient client = new TelegramClient(Clients.config(dc)
                    .framing(Framing.HTTP)
                    .frameListener(frames)
                    .listener(listener)
                    .build())) {
                client.connect();
                fillThePoolWithConnectionsThatCarriedAnAnswer(dc, client);

                dc.executions().reset();
                dc.faults().onCall(HelpGetConfig.class, CallEffect.closeAfterExecuting());
                recording.set(true);
                io.mtj.api.telegram.Config answer =
                        client.invoke(new HelpGetConfig()).get(30, TimeUnit.SECONDS);
                // the answer can also come before the repeat: the DC re-sends what the closed connection owed on the
                // session's next request, which may be an ack or a long poll on another connection; the repeat
                // follows when the closed connection's end is seen
                long repeatedBy = System.nanoTime() + 10_000_000_000L;
                while (repeatedPackets(sent) == 0 && System.nanoTime() < repeatedBy) {
                    Thread.sleep(5);
                }
                recording.set(false);
                ReceivedRequest call = java.util.Objects.requireNonNull(
                        dc.takeRequest(Duration.ZERO), "the DC received no help.getConfig");

                assertThat(answer.thisDc()).isEqualTo(2);
                assertThat(call.constructorId()).isEqualTo(HelpGetConfig.ID);
                assertThat(dc.executions().count(call))
                        .as("executions of the call")
                        .isEqualTo(1);
                assertThat(dc.executions().total()).as("executions in all").isEqualTo(1);
                assertThat(dc.faults().pendingEffects())
                        .as("the close happened")
                        .isZero();
                assertThat(repeatedPackets(sent))
                        .as(
                                "packets sent twice, byte for byte (of %d sent; %d reconnects)",
                                sent.size(), reconnects.get())
                        .isEqualTo(1);
                assertThat(reconnects.get()).as("reconnects").isZero();
            }
        }
    }

    /**
     * Holds calls in the DC until the client has {@link HttpTransport#DEFAULT_CONNECTIONS} connections open, then
     * lets them all answer: from then on every connection the pool hands out has carried an answer (a fresh one is
     * opened only below the limit), so the next request goes out on a kept-alive connection.
     */
    private static void fillThePoolWithConnectionsThatCarriedAnAnswer(TestDc dc, TelegramClient client)
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        dc.handle(HelpGetNearestDc.class, m -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NearestDc("ZZ", 2, 2);
        });
        while (dc.takeRequest(Duration.ZERO) != null) {
            // the connect's own requests
        }
        List<CompletableFuture<NearestDc>> held = new ArrayList<>();
        while (dc.connectionCount() < HttpTransport.DEFAULT_CONNECTIONS && held.size() < 8) {
            // below the limit a call always goes out (on an idle connection or a new one) and then holds it
            held.add(client.invoke(new HelpGetNearestDc()));
            assertThat(dc.takeRequest(Duration.ofSeconds(20)))
                    .as("held call " + held.size())
                    .isNotNull();
        }
        assertThat(dc.connectionCount()).isEqualTo(HttpTransport.DEFAULT_CONNECTIONS);
        release.countDown();
        for (CompletableFuture<NearestDc> call : held) {
            assertThat(call.get(30, TimeUnit.SECONDS).thisDc()).isEqualTo(2);
        }
    }

    /** How many distinct packets were sent more than once. */
    private static long repeatedPackets(List<byte[]> sent) {
        Map<String, Integer> counts = new HashMap<>();
        for (byte[] p : sent) {
            counts.merge(HexFormat.of().formatHex(p), 1, Integer::sum);
        }
        return counts.values().stream().filter(n -> n > 1).count();
    }
}
