package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.DestroySession;
import io.mtj.api.mtproto.GetFutureSalts;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.MsgsStateReq;
import io.mtj.api.mtproto.PingDelayDisconnect;
import io.mtj.api.telegram.ApiLayer;
import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InvokeWithLayer;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * What a client holding the key can send that is not a valid message: requests of every kind the DC serves with one
 * word of the body corrupted (seeded hostile values and bit flips). After each, a ping on the same connection must
 * still get its pong: the DC answers the bad message (rpc_error, bad_msg_notification) or ignores it, and neither
 * its connection nor the session dies.
 */
class DcMutationTest {
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final int MUTANTS_PER_KIND = 24;
    private static final int[] HOSTILE = {
        0, -1, 0x7fffffff, 0x80000000, 0x1cb5c415, 0x3072cfa1, 0x73f1f8dc, 0x000000fe, 0x00fffffe
    };

    private static List<LongFunction<byte[]>> kinds() {
        return List.of(
                id -> new InvokeWithLayer<>(ApiLayer.LAYER, RpcTest.init(new HelpGetConfig())).toByteArray(),
                id -> TlGzip.pack(new InvokeWithLayer<>(ApiLayer.LAYER, RpcTest.init(new HelpGetNearestDc()))),
                id -> new GetFutureSalts(3).toByteArray(),
                id -> new MsgsAck(List.of(id - 4, id - 8)).toByteArray(),
                id -> new MsgsStateReq(List.of(id - 4, id - 8, id - 12)).toByteArray(),
                id -> new PingDelayDisconnect(9, 75).toByteArray(),
                id -> new DestroySession(0x7777L).toByteArray(),
                id -> TlWriter.serialize(new io.mtj.api.mtproto.RpcDropAnswer(id - 4)));
    }

    @Test
    void theDcAnswersAPingAfterEveryCorruptedRequest() throws Exception {
        SplittableRandom random = new SplittableRandom(0xdc);
        int sent = 0;
        int immediate = 0;
        try (TestDc dc = TestDc.builder()
                        .rsaKey(TestKeys.RSA)
                        .clock(InstantSource.fixed(NOW))
                        .build();
                MiniClient client = MiniClient.connect(dc.address(), InstantSource.fixed(NOW))) {
            ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(21), dc.dcId());
            ClientSession session = ClientSession.of(client, h, 0x5151L);
            List<LongFunction<byte[]>> kinds = kinds();
            long pingId = 1;
            for (int kind = 0; kind < kinds.size(); kind++) {
                for (int m = 0; m < MUTANTS_PER_KIND; m++) {
                    byte[] body = kinds.get(kind).apply(client.msgIds.next(io.mtj.core.wire.MsgIdKind.CLIENT));
                    byte[] bad = mutate(body, random);
                    if (asksForImmediateDisconnect(bad)) {
                        // the DC rightly closes at once (a disconnect_delay of 0 or less): nothing to ping after it
                        immediate++;
                        continue;
                    }
                    session.send(bad);
                    sent++;
                    // a corrupted ping_delay_disconnect may have asked for an early disconnect: ask for a late one
                    session.send(new PingDelayDisconnect(0, 600).toByteArray());
                    long pingMsg = session.send(ClientSession.ping(pingId));
                    awaitPong(session, pingMsg, pingId, "kind " + kind + " mutant " + m);
                    pingId++;
                }
            }
            assertThat(dc.connectionCount()).isEqualTo(1);
        }
        System.out.printf(
                "dc mutation: %d corrupted requests, the DC answered a ping after each (%d asking for an immediate"
                        + " disconnect not sent)%n",
                sent, immediate);
    }

    /**
     * A ping_delay_disconnect whose disconnect_delay (the int after the ping_id) is 0 or less: the DC closes the
     * connection at once, as Telegram's timer would, so no ping can follow it on this connection.
     */
    private static boolean asksForImmediateDisconnect(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        return body.length >= 16 && b.getInt(0) == PingDelayDisconnect.ID && b.getInt(12) <= 0;
    }

    /** Reads until the pong for {@code pingMsg} (pongs for the ping_delay_disconnect calls are skipped). */
    private static void awaitPong(ClientSession session, long pingMsg, long pingId, String what) throws Exception {
        for (int i = 0; i < 8; i++) {
            ClientSession.Message pong = session.receiveUntil(ServiceIds.PONG);
            ByteBuffer b = ByteBuffer.wrap(pong.body()).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getLong(4) == pingMsg) {
                assertThat(b.getLong(12)).as(what).isEqualTo(pingId);
                return;
            }
        }
        throw new AssertionError(what + ": no pong for the ping");
    }

    /** One word of the body set to a hostile value, or one bit flipped; the constructor id is kept. */
    private static byte[] mutate(byte[] body, SplittableRandom random) {
        byte[] bad = body.clone();
        ByteBuffer buf = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        int word = 1 + random.nextInt(bad.length / 4 - 1);
        int value = random.nextBoolean()
                ? HOSTILE[random.nextInt(HOSTILE.length)]
                : buf.getInt(word * 4) ^ (1 << random.nextInt(32));
        buf.putInt(word * 4, value);
        return bad;
    }
}
