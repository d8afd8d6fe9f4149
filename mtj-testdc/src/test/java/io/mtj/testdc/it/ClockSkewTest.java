package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clock skew of any size, before or during a session, recovers: the key exchange takes the server's time from
 * server_DH_inner_data, a stored correction that went stale is fixed by one bad_msg_notification 16/17, and msg_ids
 * follow the corrected clock (also backwards).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClockSkewTest {
    @SuppressWarnings("NullAway.Init") // set in @BeforeAll
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        rsa = Clients.rsa(4545);
    }

    private static Clock skewed(long seconds) {
        return Clock.offset(Clock.systemUTC(), Duration.ofSeconds(seconds));
    }

    /** The local clock is off before the first connect: the exchange's server_time corrects it. */
    @ParameterizedTest(name = "local clock {0} s off")
    @ValueSource(longs = {45, -45, 600, -600, 3600, -3600})
    void aSkewedLocalClockConnectsWithANewKey(long seconds) throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        Clients.config(dc).clock(skewed(seconds)).build())) {
            client.connect();
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(dc.dcId());
            long offset = ClientAccess.session(client).orElseThrow().msgIds().offsetMillis();
            assertThat(offset).isBetween(-seconds * 1000 - 3000, -seconds * 1000 + 3000);
        }
    }

    /**
     * The key and its correction were saved; then the local clock moved: the stale correction is fixed by the
     * server's bad_msg_notification and the connect succeeds.
     */
    @ParameterizedTest(name = "local clock moved {0} s after saving")
    @ValueSource(longs = {45, -45, 600, -600, 3600, -3600})
    void aStoredKeyConnectsAfterTheLocalClockMoved(long seconds) throws Exception {
        Clients.MemoryStore store = new Clients.MemoryStore();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build()) {
            try (TelegramClient first =
                    new TelegramClient(Clients.config(dc).sessionStore(store).build())) {
                first.connect();
            }
            try (TelegramClient client = new TelegramClient(Clients.config(dc)
                    .sessionStore(store)
                    .clock(skewed(seconds))
                    .build())) {
                client.connect();
                assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc())
                        .isEqualTo(dc.dcId());
                assertThat(dc.authKeysCreated()).isEqualTo(1);
            }
        }
    }

    /** The DC's clock jumps in the middle of a session: the next call is corrected and answered. */
    @ParameterizedTest(name = "DC clock jumps {0} s")
    @ValueSource(longs = {45, -45, 600, -600, 3600, -3600})
    void theServerClockJumpsDuringASession(long seconds) throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(Clients.config(dc).build())) {
            client.connect();
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(dc.dcId());
            dc.faults().skewClock(Duration.ofSeconds(seconds));
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(dc.dcId());
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(dc.dcId());
        }
    }
}
