package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.core.ClientClosedException;
import io.mtj.core.ConnectionListener;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.storage.SessionFile;
import io.mtj.core.storage.SessionFileException;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Connect and reconnect lifecycles: what a failure leaves behind, and how it is reported. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionLifecycleTest {
    @SuppressWarnings("NullAway.Init") // set in @BeforeAll
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        rsa = Clients.rsa(1010);
    }

    private static @Nullable TransportException transportCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransportException te) {
                return te;
            }
        }
        return null;
    }

    /**
     * A connect whose connection is lost at step 6 throws at once, reporting the loss with its cause (not a time-out
     * after the call timeout), and leaves nothing running: no reconnection in the background, no session answering
     * later calls. (Before the session split the client went on reconnecting until close().)
     */
    @Test
    void aConnectLostAtInitFailsAtOnceAsLostAndLeavesNothingRunning() throws Exception {
        Clients.MemoryStore store = new Clients.MemoryStore();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build()) {
            try (TelegramClient first =
                    new TelegramClient(Clients.config(dc).sessionStore(store).build())) {
                first.connect(); // leaves a key in the store, so the next connect goes straight to the session
            }
            try (TelegramClient client = new TelegramClient(Clients.config(dc)
                    .sessionStore(store)
                    .reconnect(new ReconnectPolicy(5, Duration.ofMillis(20), Duration.ofMillis(40)))
                    .build())) {
                dc.faults().transportErrorOnNextPacket(-429);
                long start = System.nanoTime();
                assertThatThrownBy(client::connect)
                        .isInstanceOf(ConnectionLostException.class)
                        .satisfies(e -> assertThat(transportCause(e))
                                .isNotNull()
                                .extracting(TransportException::code)
                                .isEqualTo(-429));
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000L); // the call timeout is 20 s
                // the DC closes its side after its -429 went out, possibly after connect() threw: wait for that
                long closedBy = System.nanoTime() + 5_000_000_000L;
                while (dc.connectionCount() != 0 && System.nanoTime() < closedBy) {
                    Thread.sleep(5);
                }
                assertThat(dc.connectionCount())
                        .as("connections open after the failed connect")
                        .isZero();
                Thread.sleep(600); // 15 reconnect delays of the policy above
                assertThat(dc.connectionCount())
                        .as("connections opened by a reconnect")
                        .isZero();
                assertThat(Failures.failureOf(client.invoke(new HelpGetNearestDc()), 10))
                        .isInstanceOf(ClientClosedException.class)
                        .hasMessage("the client is not connected; call connect() first");
                // and connect() works afterwards
                assertThat(client.connect()).isNotNull();
                assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc())
                        .isEqualTo(dc.dcId());
            }
        }
    }

    /** Records the reconnecting events. */
    private static final class Attempts implements ConnectionListener {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void reconnecting(int attempt, @Nullable Throwable cause) {
            attempts.add(attempt);
        }
    }

    /**
     * A reconnect attempt whose connection is lost at step 6 fails at once (initConnection is tied to its connection,
     * so nothing waits for a reconnect that waits for it) and the next attempt succeeds on the same session.
     */
    @Test
    void aReconnectLostAtInitIsFollowedByTheNextAttemptAtOnce() throws Exception {
        Attempts listener = new Attempts();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(Clients.config(dc)
                        .listener(listener)
                        .callTimeout(Duration.ofSeconds(30))
                        .reconnect(new ReconnectPolicy(5, Duration.ofMillis(20), Duration.ofMillis(40)))
                        .build())) {
            client.connect();
            var session = ClientAccess.session(client).orElseThrow();
            dc.faults().transportErrorNow(-429);
            assertThat(session.done().get(10, TimeUnit.SECONDS)).isNotNull();
            dc.faults().transportErrorOnNextPacket(-429); // the first attempt's initConnection meets this
            long start = System.nanoTime();
            assertThat(client.invoke(new HelpGetNearestDc())
                            .get(20, TimeUnit.SECONDS)
                            .thisDc())
                    .isEqualTo(dc.dcId());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000L); // not a 30 s call timeout
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(session);
            assertThat(listener.attempts).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aCorruptSessionFileIsSetAsideAndANewKeyIsMade(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("mtj.session");
        byte[] garbage = "MTJS not really a session".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(path, garbage);
        SessionFile file = new SessionFile(path);
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client =
                        new TelegramClient(Clients.config(dc).sessionStore(file).build())) {
            assertThat(client.connect()).isNotNull();
            assertThat(dc.authKeysCreated()).isEqualTo(1);
            assertThat(Files.readAllBytes(dir.resolve("mtj.session.corrupt"))).isEqualTo(garbage);
            assertThat(file.setAside().orElseThrow()).hasMessageContaining("session file " + path);
            assertThat(new SessionFile(path, SessionFile.OnCorrupt.REFUSE).load())
                    .isPresent();
        }
    }

    @Test
    void aCorruptSessionFileIsRefusedWhenTheUserAsksSo(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("mtj.session");
        Files.write(path, new byte[0]);
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(Clients.config(dc)
                        .sessionStore(new SessionFile(path, SessionFile.OnCorrupt.REFUSE))
                        .build())) {
            assertThatThrownBy(client::connect)
                    .isInstanceOf(SessionFileException.class)
                    .hasMessage("session file " + path + " is empty (0 bytes)");
            assertThat(dc.connectionCount()).isZero();
            assertThat(path).exists();
        }
    }

    @Test
    void aDirectoryAsSessionFileIsRefusedWithItsPath(@TempDir Path dir) throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        Clients.config(dc).sessionStore(new SessionFile(dir)).build())) {
            assertThatThrownBy(client::connect)
                    .isInstanceOf(SessionFileException.class)
                    .hasMessageStartingWith("session file " + dir + " is a directory");
        }
    }
}
