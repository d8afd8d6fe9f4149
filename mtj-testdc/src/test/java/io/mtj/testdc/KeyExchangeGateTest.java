package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The DC's bound on key-exchange arithmetic: oldest exchange first, never more steps at once than permits. */
class KeyExchangeGateTest {
    /** With the one permit held, steps of tickets 5, 3, 9 and 4 queue; they run oldest ticket first. */
    @Test
    void waitingStepsRunInTicketOrderNotArrivalOrder() throws Exception {
        KeyExchangeGate gate = new KeyExchangeGate(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual()
                .start(() -> run(gate, 1, () -> {
                    holding.countDown();
                    await(release);
                }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<Long> order = new ArrayList<>();
        List<Thread> steps = new ArrayList<>();
        for (long ticket : new long[] {5, 3, 9, 4}) {
            steps.add(Thread.ofVirtual()
                    .start(() -> run(gate, ticket, () -> {
                        synchronized (order) {
                            order.add(ticket);
                        }
                    })));
            awaitWaiting(gate, steps.size());
        }
        release.countDown();
        holder.join(10_000);
        for (Thread t : steps) {
            t.join(10_000);
        }
        assertThat(order).containsExactly(3L, 4L, 5L, 9L);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void neverMoreStepsAtOnceThanPermits() throws Exception {
        KeyExchangeGate gate = new KeyExchangeGate(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long ticket = gate.ticket();
            threads.add(Thread.ofVirtual()
                    .start(() -> run(gate, ticket, () -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        for (int k = 0; k < 1000; k++) {
                            Thread.onSpinWait();
                        }
                        Thread.yield();
                        inside.decrementAndGet();
                    })));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(most.get()).isBetween(1, 2);
        assertThat(gate.waiting()).isZero();
    }

    /** A step that fails hands its permit on like any other. */
    @Test
    void aFailedStepReleasesItsPermit() throws Exception {
        KeyExchangeGate gate = new KeyExchangeGate(1);
        try {
            gate.run(1, () -> {
                throw new HandshakeException(HandshakeException.Reason.MALFORMED, "test");
            });
        } catch (HandshakeException expected) {
            // the permit must be back
        }
        assertThat(gate.run(2, () -> "next")).isEqualTo("next");
    }

    /** The DC's primality test for resPQ's factors agrees with BigInteger's on 31-bit numbers, small ones too. */
    @Test
    void thePrimeTestOfResPqAgreesWithBigInteger() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            long n = (1L << 30) | random.nextLong(1L << 30);
            assertThat(DhExchange.isPrime31(n))
                    .as("%d", n)
                    .isEqualTo(BigInteger.valueOf(n).isProbablePrime(50));
        }
        for (long n = 0; n < 5_000; n++) {
            assertThat(DhExchange.isPrime31(n))
                    .as("%d", n)
                    .isEqualTo(BigInteger.valueOf(n).isProbablePrime(50));
        }
        // strong pseudoprimes to base 2 (composites that base alone lets through)
        for (long n : new long[] {2047, 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633, 1373653}) {
            assertThat(DhExchange.isPrime31(n)).as("%d", n).isFalse();
        }
    }

    private interface Body {
        void run();
    }

    private static void run(KeyExchangeGate gate, long ticket, Body body) {
        try {
            gate.run(ticket, () -> {
                body.run();
                return Boolean.TRUE;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitWaiting(KeyExchangeGate gate, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.waiting() < n && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertThat(gate.waiting()).isEqualTo(n);
    }
}
