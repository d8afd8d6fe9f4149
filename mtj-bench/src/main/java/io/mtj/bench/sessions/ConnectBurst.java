package io.mtj.bench.sessions;

import io.mtj.core.ClientConfig;
import io.mtj.core.TelegramClient;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import io.mtj.testdc.TestDc;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --connects} clients connecting to one test DC at the same instant. Mode {@code accept} (default): each
 * opens TCP with the clients' default 10 s connect timeout, sends the intermediate tag and {@code req_pq_multi},
 * and waits up to 10 s for {@code resPQ}: whether the DC's listen backlog and accept loop keep up. Mode {@code full}:
 * each runs {@link TelegramClient#connect()} with the default timeouts (key exchange and help.getConfig included,
 * which on two cores is bound by the DH arithmetic). Mode {@code stored}: first every client gets its auth key
 * (made beforehand, two at a time, and kept in memory), then all connect at once with the default timeouts, as
 * clients do after a DC restart or a network flap: TCP, transport, session and initConnection, no key exchange.
 * Run:
 *
 * <pre>java -cp mtj-bench/target/benchmarks.jar io.mtj.bench.sessions.ConnectBurst --connects 2000 [--mode full|stored]</pre>
 */
public final class ConnectBurst {
    private static final int REQ_PQ_MULTI = 0xbe7e8ef1;
    private static final int RES_PQ = 0x05162463;

    private ConnectBurst() {}

    public static void main(String[] args) throws Exception {
        int connects = 2000;
        int ceiling = 50;
        String mode = "accept";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--connects" -> connects = Integer.parseInt(args[i + 1]);
                case "--mode" -> mode = args[i + 1];
                case "--ceiling" -> ceiling = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + " (--connects N, --mode accept|full|stored, --ceiling N)");
            }
        }
        try (TestDc dc = TestDc.builder().build()) {
            if (mode.equals("full") && ceiling > 0) {
                ceiling(dc, ceiling, connects);
            }
            List<MemoryStore> stores = mode.equals("stored") ? keys(dc, connects) : List.of();
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            AtomicLong slowest = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            String m = mode;
            List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());
            List<TelegramClient> clients = java.util.Collections.synchronizedList(new ArrayList<>());
            long t0;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < connects; i++) {
                    int index = i;
                    pool.submit(() -> {
                        String outcome;
                        try {
                            go.await();
                            long s = System.nanoTime();
                            if (m.equals("stored")) {
                                TelegramClient c = new TelegramClient(
                                        withStore(IdleSessions.config(dc.port(), dc.publicKey()), stores.get(index)));
                                clients.add(c);
                                c.connect();
                            } else if (m.equals("full")) {
                                TelegramClient c = new TelegramClient(IdleSessions.config(dc.port(), dc.publicKey()));
                                clients.add(c);
                                c.connect();
                            } else {
                                open.add(reqPq(dc.port()));
                            }
                            slowest.accumulateAndGet(System.nanoTime() - s, Math::max);
                            outcome = "ok";
                        } catch (Exception e) {
                            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger())
                                .incrementAndGet();
                        return null;
                    });
                }
                Thread.sleep(500); // every thread parked on the latch
                t0 = System.nanoTime();
                go.countDown();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%,d simultaneous connects (mode %s, listen backlog %d): %.1f s for all, "
                            + "slowest success %.0f ms, load %s%n",
                    connects,
                    mode,
                    TestDc.DEFAULT_BACKLOG,
                    seconds,
                    slowest.get() / 1e6,
                    IdleSessions.load());
            new TreeMap<>(outcomes).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %,6d  %s%n", v.get(), k));
            for (Socket s : open) {
                s.close();
            }
            clients.forEach(TelegramClient::close);
        }
        System.exit(0);
    }

    /**
     * The arithmetic's ceiling, measured in the same run: {@code n} full connects one after another (after 10 to warm
     * up), each its own key exchange, with the process CPU (both ends: the DC is in this JVM) per connect; the
     * fastest any number of simultaneous connects can all finish on this machine is about that CPU times their
     * number over the processors.
     */
    private static void ceiling(TestDc dc, int n, int burst) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < 10; i++) {
            try (TelegramClient c = new TelegramClient(IdleSessions.config(dc.port(), dc.publicKey()))) {
                c.connect();
            }
        }
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (TelegramClient c = new TelegramClient(IdleSessions.config(dc.port(), dc.publicKey()))) {
                c.connect();
            }
        }
        double wallMs = (System.nanoTime() - t0) / 1e6 / n;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / n;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "ceiling: %d full connects one at a time: %.1f ms each (wall), %.1f ms of CPU each (client and DC);"
                        + " %,d of them need at least %.1f s of CPU on %d processors, load %s%n",
                n,
                wallMs,
                cpuMs,
                burst,
                burst * cpuMs / 1000 / cores,
                cores,
                IdleSessions.load());
    }

    /** TCP connect (10 s), intermediate tag, req_pq_multi; returns the socket once resPQ came (10 s). */
    private static Socket reqPq(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            ByteBuffer b = ByteBuffer.allocate(4 + 4 + 20 + 20).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0xeeeeeeee).putInt(40);
            long now = System.currentTimeMillis();
            long msgId = ((now / 1000) << 32) | ((now % 1000) * 4_294_967L / 1000 * 4 & 0xfffffffcL);
            b.putLong(0).putLong(msgId).putInt(20).putInt(REQ_PQ_MULTI);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            b.put(nonce);
            OutputStream out = s.getOutputStream();
            out.write(b.array());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] head = new byte[4];
            in.readFully(head);
            int length = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (length < 24 || length > 4096) {
                throw new IOException("unexpected answer length " + length);
            }
            byte[] packet = new byte[length];
            in.readFully(packet);
            int id = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
            if (id != RES_PQ) {
                throw new IOException("expected resPQ, got 0x" + Integer.toHexString(id));
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Makes {@code n} auth keys, two connects at a time, each kept in its own in-memory store. */
    private static List<MemoryStore> keys(TestDc dc, int n) throws Exception {
        List<MemoryStore> stores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stores.add(new MemoryStore());
        }
        long t0 = System.nanoTime();
        Semaphore slots = new Semaphore(2);
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (MemoryStore store : stores) {
                slots.acquire();
                pool.submit(() -> {
                    try (TelegramClient c =
                            new TelegramClient(withStore(IdleSessions.config(dc.port(), dc.publicKey()), store))) {
                        c.connect();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        System.out.printf(
                Locale.ROOT,
                "made %,d auth keys beforehand in %.1f s (%d failed)%n",
                n,
                (System.nanoTime() - t0) / 1e9,
                failed.get());
        return stores;
    }

    private static ClientConfig withStore(ClientConfig base, SessionStore store) {
        return ClientConfig.builder(base.apiId(), base.apiHash())
                .endpoint(base.endpoint())
                .serverKeys(base.serverKeys())
                .framing(base.framing())
                .reconnect(base.reconnect())
                .sessionStore(store)
                .build();
    }

    /** A session store in memory: the key made beforehand, handed to the client that connects in the burst. */
    private static final class MemoryStore implements SessionStore {
        private volatile Optional<SessionState> state = Optional.empty();

        @Override
        public Optional<SessionState> load() {
            return state;
        }

        @Override
        public void save(SessionState saved) {
            state = Optional.of(saved);
        }

        @Override
        public void clear() {
            state = Optional.empty();
        }
    }
}
