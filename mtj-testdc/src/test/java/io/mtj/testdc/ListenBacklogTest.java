package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 2,000 simultaneous connects to the test DC all succeed with the default backlog (64 once refused 1,236). The
 * accept loop is held while they connect, so every connection waits in the kernel's accept queue, whose size is the
 * backlog: the outcome does not depend on how fast the DC accepts.
 */
class ListenBacklogTest {
    static final int CONNECTS = 2000;

    /** Opens {@code n} connections at once (all released together) and returns how many failed. */
    static int failedConnects(InetSocketAddress at, int n, int timeoutMillis) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Socket> open = new ArrayList<>();
        int failed = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Socket>> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    Socket s = new Socket();
                    try {
                        s.connect(at, timeoutMillis);
                        return s;
                    } catch (IOException e) {
                        s.close();
                        throw e;
                    }
                }));
            }
            go.countDown();
            for (Future<Socket> f : results) {
                try {
                    open.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        return failed;
    }

    @Test
    void twoThousandSimultaneousConnectsAllWaitInTheDefaultBacklog() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(TestKeys.RSA).build()) {
            dc.listeners().holdAccepting();
            assertThat(failedConnects(dc.address(), CONNECTS, 10_000)).isZero();
            dc.listeners().resumeAccepting();
        }
    }
}
