package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.AccountCheckUsername;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.TelegramClient;
import io.mtj.testdc.CallEffect;
import io.mtj.testdc.TestDc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The race behind a call CutMatrixTest once saw executed twice, made deterministic with {@link CallEffect#readLate()}:
 * the connection a call was written on is lost, the client asks about the call on its new connection
 * ({@code msgs_state_req}) and the DC reports it not received, and only then does the old connection's reader handle
 * the call. The client re-sends it under a new msg_id, as the report allows; the late original must not run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LateReadTest {
    @Test
    void aCallReadLateOffTheLostConnectionAfterItWasReportedNotReceivedRunsOnce() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(Clients.rsa(778)).build()) {
            AtomicInteger executed = new AtomicInteger();
            dc.handle(AccountCheckUsername.class, m -> {
                executed.incrementAndGet();
                return Boolean.TRUE;
            });
            try (TelegramClient client = new TelegramClient(Clients.config(dc)
                    .callTimeout(Duration.ofSeconds(30))
                    .reconnect(new ReconnectPolicy(20, Duration.ofMillis(10), Duration.ofMillis(100)))
                    .build())) {
                client.connect();
                dc.faults().onCall(AccountCheckUsername.class, CallEffect.readLate());
                assertThat(client.invoke(new AccountCheckUsername("late")).get(60, TimeUnit.SECONDS))
                        .isTrue();
                assertThat(dc.faults().pendingEffects())
                        .as("the effect was used")
                        .isZero();
                assertThat(dc.faults().pendingLateReads())
                        .as("the late original was handled")
                        .isZero();
                assertThat(executed).as("executions of the call").hasValue(1);
            }
        }
    }
}
