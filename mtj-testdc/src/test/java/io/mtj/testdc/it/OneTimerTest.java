package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.mtj.api.telegram.UploadSaveFilePart;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.proxy.Socks5Dialer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library has one timer mechanism (issue 10, item 6): the client's call, handshake and reconnect deadlines, the
 * transport's write-timeout check and the test DC's ping_delay_disconnect deadlines all run on the transport's shared
 * scheduler thread, {@code mtj-timer}. The threads are read from the JVM's own thread dump
 * ({@link HotSpotDiagnosticMXBean#dumpThreads}, JSON), which lists virtual threads too, unlike {@link
 * Thread#getAllStackTraces()}: before this change a dump showed {@code mtj-deadlines}, {@code mtj-write-watchdog}
 * and {@code testdc-watchdog} beside {@code mtj-transport-timer}.
 */
class OneTimerTest {
    private static final long BOUND_SECONDS = 60;
    private static final int PART = 512 * 1024;
    private static final int PARTS = 8;

    /** The one timer thread. */
    private static final String TIMER = "mtj-timer";

    /**
     * Every other thread the client, the transport and the test DC start, by name prefix: none of them is a timer.
     * A new kind of library thread fails the test until it is listed here, so a timer cannot come back under a
     * name of its own unnoticed.
     */
    private static final List<String> NOT_TIMERS = List.of(
            "mtj-reader-",
            "mtj-writer-",
            "mtj-completion",
            "mtj-reconnect",
            "mtj-save",
            "mtj-updates",
            "mtj-dial-",
            "mtj-http-answer",
            "testdc-accept-",
            "testdc-conn-");

    @TempDir
    @SuppressWarnings("NullAway.Init") // set by JUnit before the test runs
    Path dumps;

    private int dumpCount;

    @Test
    void aClientThroughSocks5TimesOutAStalledWriteAndReconnectsWithNoTimerThreadButTheScheduler() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(1010);
        RsaKeyPair rsa = RsaKeyPair.generate2048(seeded);
        Set<String> seen = new TreeSet<>();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                PausableSocks5 proxy = new PausableSocks5()) {
            // small send buffers, so the stalled connection's buffers fill with a few MB of uploads
            Dialer smallBuffers = (target, timeout) -> {
                Socket s = Dialer.DIRECT.dial(target, timeout);
                s.setSendBufferSize(16 * 1024);
                return s;
            };
            ClientConfig config = ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                    .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                    .serverKeys(List.of(dc.publicKey()))
                    .device(new DeviceInfo("JUnit", "OneTimer 1.0", "9.9", "en", "", "en"))
                    .dialer(new Socks5Dialer(smallBuffers, proxy.address(), null))
                    .connectTimeout(Duration.ofSeconds(5))
                    .handshakeTimeout(Duration.ofSeconds(20))
                    .callTimeout(Duration.ofSeconds(BOUND_SECONDS))
                    .random(new SplittableRandom(10))
                    .reconnect(new ReconnectPolicy(5, Duration.ofMillis(50), Duration.ofMillis(200)))
                    // pings on: the DC arms its ping_delay_disconnect deadline on the shared timer
                    .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ofSeconds(30)))
                    .build();
            try (TelegramClient client = new TelegramClient(config)) {
                client.connect();
                seen.addAll(threadNames());
                Session session = ClientAccess.session(client).orElseThrow();
                CompletableFuture<?> firstConnection = session.done();

                // the proxy stops reading what the client sends on this connection: its writes stall, and the
                // write timeout (the transport's default, 10 s) closes the connection
                proxy.stallOpenConnections();
                SplittableRandom bytes = new SplittableRandom(3);
                List<CompletableFuture<Boolean>> uploads = new ArrayList<>();
                for (int i = 0; i < PARTS; i++) {
                    byte[] part = new byte[PART];
                    bytes.nextBytes(part);
                    uploads.add(client.invoke(new UploadSaveFilePart(77L, i, part)));
                }
                boolean writerSeenBlocked = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                while (!firstConnection.isDone() && System.nanoTime() < deadline) {
                    String dump = dump();
                    seen.addAll(names(dump));
                    writerSeenBlocked |= dump.contains("io.mtj.transport.SocketWire.timedWrite");
                    Thread.sleep(500);
                }
                assertThat(firstConnection).as("the stalled connection ended").isDone();
                assertThat(writerSeenBlocked)
                        .as("a dump showed the session's writer blocked in a socket write")
                        .isTrue();
                // closing the socket wakes the writer (SocketTimeoutException: "stalled for more than 10000 ms")
                // and the reader (SocketException: socket closed); whichever reports first is the loss's cause
                assertThat(rootOrSelf((Throwable) firstConnection.get()))
                        .isInstanceOfAny(SocketTimeoutException.class, SocketException.class);

                for (CompletableFuture<Boolean> upload : uploads) {
                    assertThat(upload.get(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
                }
                seen.addAll(threadNames());
                assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(session);
                assertThat(proxy.accepted())
                        .as("the client reconnected through the proxy")
                        .isGreaterThanOrEqualTo(2);
                assertThat(dc.authKeysCreated()).isEqualTo(1);
            }
        }
        List<String> library = seen.stream()
                .filter(n -> n.startsWith("mtj-") || n.startsWith("testdc-"))
                .toList();
        assertThat(library).as("the one timer thread").contains(TIMER);
        assertThat(library)
                .as("library threads other than the timer, each of a kind that is no timer")
                .allMatch(n -> n.equals(TIMER) || NOT_TIMERS.stream().anyMatch(n::startsWith));
        assertThat(library)
                .as("nothing named like a timer but the scheduler")
                .filteredOn(n -> n.contains("timer") || n.contains("deadline") || n.contains("watchdog"))
                .containsExactly(TIMER);
    }

    private static Throwable rootOrSelf(Throwable t) {
        Throwable at = t;
        while (at.getCause() != null && !(at instanceof SocketTimeoutException)) {
            at = at.getCause();
        }
        return at;
    }

    private Set<String> threadNames() throws IOException {
        return names(dump());
    }

    /** The JVM's thread dump as JSON, virtual threads included. */
    private String dump() throws IOException {
        dumpCount++;
        Path file = dumps.resolve("threads-" + dumpCount + ".json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        String json = Files.readString(file);
        Files.delete(file);
        return json;
    }

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

    private static Set<String> names(String json) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * A SOCKS5 server on loopback (no authentication, CONNECT to an IPv4 address) that can stop reading from the
     * clients of the connections open now, so their writes stall; connections made later are relayed normally.
     */
    private static final class PausableSocks5 implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final List<CountDownLatch> open = new CopyOnWriteArrayList<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final AtomicInteger accepted = new AtomicInteger();

        PausableSocks5() throws IOException {
            server = new ServerSocket();
            server.setReceiveBufferSize(16 * 1024); // inherited by accepted sockets
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            threads.add(Thread.ofVirtual().name("socks-accept").start(this::acceptLoop));
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        /** The connections open now stop reading from their clients until {@link #close()}. */
        void stallOpenConnections() {
            for (CountDownLatch stall : open) {
                stall.countDown();
            }
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                sockets.add(client);
                CountDownLatch stall = new CountDownLatch(1);
                open.add(stall);
                threads.add(Thread.ofVirtual().name("socks-conn").start(() -> serve(client, stall)));
            }
        }

        private void serve(Socket client, CountDownLatch stall) {
            try {
                Socket target = connect(client);
                sockets.add(target);
                threads.add(Thread.ofVirtual().name("socks-down").start(() -> pump(target, client, null)));
                pump(client, target, stall);
            } catch (IOException e) {
                close(client);
            } finally {
                open.remove(stall);
            }
        }

        private static Socket connect(Socket client) throws IOException {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                throw new IOException("not SOCKS5");
            }
            in.readFully(new byte[in.readUnsignedByte()]);
            out.write(new byte[] {5, 0});
            out.flush();
            byte[] head = new byte[4];
            in.readFully(head);
            if (head[0] != 5 || head[1] != 1 || head[3] != 1) {
                throw new IOException("expected CONNECT to an IPv4 address");
            }
            byte[] address = new byte[4];
            in.readFully(address);
            int port = in.readUnsignedShort();
            Socket target = new Socket(InetAddress.getByAddress(address), port);
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            return target;
        }

        /** Copies {@code from} to {@code to}; once {@code stall} opens, stops reading until the proxy closes. */
        private void pump(Socket from, Socket to, @Nullable CountDownLatch stall) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    if (stall != null && stall.getCount() == 0) {
                        // what came after the stall is held back whole: the DC sees no frame begun and left
                        // unfinished (it would close such a connection after its own frame timeout)
                        closed.await();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed
            } finally {
                close(from);
                close(to);
            }
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws Exception {
            closed.countDown();
            server.close();
            sockets.forEach(PausableSocks5::close);
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(5)))
                        .as("proxy thread ended")
                        .isTrue();
            }
        }
    }
}
