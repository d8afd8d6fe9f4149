package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.ClientConfig;
import io.mtj.core.ConnectionListener;
import io.mtj.core.DialOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.dial.DcAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's dial step races the DC's addresses: the endpoint first, then the application's further addresses (here
 * the live test DC). Each test's first candidate fails in another way (refused, a full backlog that drops SYNs, a host
 * that accepts and never answers, before the key exchange or, with a stored key, before initConnection); the listener
 * names every failed attempt and the winner with the attempts made, the cooldown shared through {@link DialOptions}
 * puts a failed address last on the next connect, and only an address proven up to step 6 is saved with the key.
 */
@Timeout(120)
class DialRaceClientTest {
    private static TestDc dc;
    private static RsaKeyPair rsa;

    @BeforeAll
    static void start() throws Exception {
        rsa = Clients.rsa(4120);
        dc = TestDc.builder().dcId(2).rsaKey(rsa).build();
    }

    @AfterAll
    static void stop() {
        dc.close();
    }

    /** The listener's dial reports and the last step, in order, as short lines. */
    static final class Recorder implements ConnectionListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void dialFailed(String address, IOException cause, Duration took) {
            lines.add("failed " + address + " " + cause.getClass().getSimpleName());
        }

        @Override
        public void dialed(String target, int attempts, Duration took) {
            lines.add("dialed " + target + " after " + attempts);
        }

        @Override
        public void initialized(int layer, Duration took) {
            lines.add("step 6");
        }
    }

    /** A loopback port that accepts every connection and never writes a byte; closes what it accepted. */
    static final class SilentHost implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException closed) {
                // closed by the test
            }
        });

        SilentHost() throws IOException {}

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(Duration.ofSeconds(5));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static String live() {
        return "127.0.0.1:" + dc.port();
    }

    private static ClientConfig config(int firstPort, DialOptions options, Recorder recorder) {
        return Clients.config(dc)
                .endpoint(Endpoint.of("127.0.0.1", firstPort, dc.dcId()))
                .dialOptions(options.withAddresses(List.of(DcAddress.of(dc.dcId(), "127.0.0.1", dc.port()))))
                .listener(recorder)
                .build();
    }

    @Test
    void aRefusedFirstAddressFailsOverToTheLiveDcAndIsTriedLastOnTheNextConnect() throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        // a long stagger: the live address starts only because the first one failed
        DialOptions options = DialOptions.defaults().withStagger(Duration.ofSeconds(30));
        Recorder first = new Recorder();
        try (TelegramClient client = new TelegramClient(config(refused, options, first))) {
            assertThat(client.connect().thisDc()).isEqualTo(dc.dcId());
        }
        assertThat(first.lines)
                .containsExactly(
                        "failed 127.0.0.1:" + refused + " ConnectException", "dialed " + live() + " after 2", "step 6");

        Recorder second = new Recorder();
        try (TelegramClient client = new TelegramClient(config(refused, options, second))) {
            client.connect();
        }
        assertThat(second.lines).containsExactly("dialed " + live() + " after 1", "step 6");
    }

    @Test
    void anAddressWhoseSynsAreDroppedLosesToTheNextOneStartedAfterTheStagger() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<Socket> filling = new ArrayList<>();
        try (ServerSocket hole = new ServerSocket(0, 1, loopback)) {
            // never accepted: once the accept queue is full, Linux drops further SYNs and a connect hangs
            boolean full = false;
            for (int i = 0; i < 8 && !full; i++) {
                Socket s = new Socket();
                filling.add(s);
                try {
                    s.connect(new InetSocketAddress(loopback, hole.getLocalPort()), 300);
                } catch (SocketTimeoutException e) {
                    full = true;
                }
            }
            assertThat(full).as("the full backlog drops SYNs").isTrue();
            Recorder r = new Recorder();
            try (TelegramClient client = new TelegramClient(config(hole.getLocalPort(), DialOptions.defaults(), r))) {
                client.connect();
            }
            // the hanging attempt was cut short by the win: not a failure of its address
            assertThat(r.lines).containsExactly("dialed " + live() + " after 2", "step 6");
        } finally {
            for (Socket s : filling) {
                s.close();
            }
        }
    }

    @Test
    void anAddressThatAcceptsAndNeverAnswersFailsTheHandshakeAndIsCooledForTheNextConnect() throws Exception {
        try (SilentHost silent = new SilentHost()) {
            DialOptions options = DialOptions.defaults().withStagger(Duration.ofSeconds(30));
            Recorder first = new Recorder();
            ClientConfig quick = Clients.config(dc)
                    .endpoint(Endpoint.of("127.0.0.1", silent.port(), dc.dcId()))
                    .handshakeTimeout(Duration.ofSeconds(2))
                    .dialOptions(options.withAddresses(List.of(DcAddress.of(dc.dcId(), "127.0.0.1", dc.port()))))
                    .listener(first)
                    .build();
            try (TelegramClient client = new TelegramClient(quick)) {
                // a plain framing's transport step needs no server byte: the silent host wins the race...
                assertThatThrownBy(client::connect)
                        .isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("connecting to 127.0.0.1:" + silent.port()
                                + " did not finish the handshake within 2000 ms");
            }
            assertThat(first.lines).containsExactly("dialed 127.0.0.1:" + silent.port() + " after 1");

            // ...and is cooled down by the failed handshake, so the next connect tries the live DC first
            Recorder second = new Recorder();
            try (TelegramClient client = new TelegramClient(config(silent.port(), options, second))) {
                client.connect();
            }
            assertThat(second.lines).containsExactly("dialed " + live() + " after 1", "step 6");
        }
    }

    @Test
    void withAStoredKeyASilentWinnerFailsInitConnectionIsCooledAndIsNotSavedAsTheSessionsAddress() throws Exception {
        Clients.MemoryStore store = new Clients.MemoryStore();
        try (TelegramClient client =
                new TelegramClient(Clients.config(dc).sessionStore(store).build())) {
            client.connect(); // a key for the live DC
        }
        try (SilentHost silent = new SilentHost()) {
            DialOptions options = DialOptions.defaults()
                    .withStagger(Duration.ofSeconds(30))
                    .withAddresses(List.of(DcAddress.of(dc.dcId(), "127.0.0.1", dc.port())));
            Recorder first = new Recorder();
            ClientConfig.Builder b = Clients.config(dc)
                    .endpoint(Endpoint.of("127.0.0.1", silent.port(), dc.dcId()))
                    .sessionStore(store)
                    .dialOptions(options);
            try (TelegramClient client = new TelegramClient(
                    b.callTimeout(Duration.ofSeconds(2)).listener(first).build())) {
                // the stored key skips steps 3 and 4: the silence shows at step 6
                assertThatThrownBy(client::connect)
                        .isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("initConnection got no answer within 2000 ms");
            }
            assertThat(first.lines).containsExactly("dialed 127.0.0.1:" + silent.port() + " after 1");
            assertThat(java.util.Objects.requireNonNull(store.saved.get()).port())
                    .as("the saved address")
                    .isEqualTo(dc.port());

            Recorder second = new Recorder();
            try (TelegramClient client = new TelegramClient(
                    b.callTimeout(Duration.ofSeconds(20)).listener(second).build())) {
                client.connect();
            }
            assertThat(second.lines).containsExactly("dialed " + live() + " after 1", "step 6");
        }
    }
}
