package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.HttpWait;
import io.mtj.core.wire.MsgIdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pushes to a session that speaks MTProto's HTTP transport, driven request by request with a hand-rolled HTTP client,
 * so the interleaving that lost updates under load happens every time: the session's calls were answered and its
 * connections closed before its first long poll came (through tinyproxy every connection closes after one answer, and
 * a busy client sends the long poll late). The session outlives its connections, so the DC keeps the push for the
 * next long poll instead of dropping it as "no open connection".
 */
@Timeout(60)
class HttpPushTest {
    private static final long SESSION_ID = 0x5eed0f4770b0075L;

    @Test
    void aPushBeforeTheSessionsFirstLongPollWaitsForItAndIsItsAnswer() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(TestKeys.RSA).build()) {
            MiniClient client = MiniClient.connectHttp(dc.address(), new MsgIdGenerator(Clock.systemUTC()));
            ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(12), 2);
            ClientSession session = ClientSession.of(client, h, SESSION_ID);
            try {
                // one call (a ping), answered; then the connection closes: no request of the session is open
                long ping = session.send(ClientSession.ping(5));
                assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong())
                        .isEqualTo(ping);
                session.client.close();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (dc.connectionCount() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10); // waits for the DC to see the close, an event, not a duration
                }
                assertThat(dc.connectionCount()).as("connections left open").isZero();

                RawObject update = new RawObject(0x1234abcd, new byte[] {1, 2, 3, 4});
                assertThat(dc.pushUpdate(SESSION_ID, update))
                        .as("the push is kept for the session's next long poll")
                        .isTrue();

                // the first long poll, on a new connection, is answered with the push at once (not after max_wait)
                session.reconnectHttp(dc.address());
                session.client.readTimeoutMillis(30_000);
                session.sendService(new HttpWait(0, 0, 25_000).toByteArray());
                List<ClientSession.Message> answer = session.receive();
                assertThat(answer)
                        .extracting(ClientSession.Message::body)
                        .as("the long poll's answer")
                        .contains(update.toByteArray());
                ClientSession.Message pushed = answer.stream()
                        .filter(m -> m.constructorId() == 0x1234abcd)
                        .findFirst()
                        .orElseThrow();
                assertThat(pushed.msgId() & 3).as("a server notice").isEqualTo(3);
                assertThat(pushed.seqNo() & 1).as("content-related").isEqualTo(1);
            } finally {
                session.client.close();
            }
        }
    }
}
