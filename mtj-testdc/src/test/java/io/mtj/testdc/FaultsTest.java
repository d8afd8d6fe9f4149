package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each fault's effect as a client sees it on the wire. */
class FaultsTest {
    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    @SuppressWarnings("NullAway.Init")
    private MiniClient client;

    @SuppressWarnings("NullAway.Init")
    private ClientSession session;

    private void connect() throws Exception {
        dc = TestDc.builder().rsaKey(TestKeys.RSA).build();
        client = MiniClient.connect(dc.address());
    }

    private void open() throws Exception {
        connect();
        ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(31), 2);
        session = ClientSession.of(client, h, 0x7777L);
        session.send(ClientSession.ping(0));
        session.receiveUntil(ServiceIds.PONG);
    }

    /** One req_pq round trip, so the DC has registered the connection. */
    private void reqPq() throws Exception {
        new ClientHandshake(client, dc.publicKey(), new SplittableRandom(1)).reqPq();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (dc != null) {
            dc.close();
            assertThat(dc.isTerminated()).isTrue();
            assertThat(dc.connectionCount()).isZero();
        }
    }

    @Test
    void transportErrorNowSendsTheCodeOnEveryConnectionThenCloses() throws Exception {
        connect();
        reqPq();
        dc.faults().transportErrorNow(-429);
        assertThat(client.receiveError()).isEqualTo(-429);
        assertThat(client.atEof()).isTrue();
    }

    @Test
    void transportErrorOnNextPacketAnswersThatPacketWithTheCode() throws Exception {
        connect();
        reqPq();
        dc.faults().transportErrorOnNextPacket(-404);
        client.sendPlain(new TlWriter()
                .writeInt(DhExchange.REQ_PQ_MULTI)
                .writeInt128(new byte[16])
                .toByteArray());
        assertThat(client.receiveError()).isEqualTo(-404);
        assertThat(client.atEof()).isTrue();
        assertThat(dc.takeHandshakeFailure(Duration.ofMillis(200))).isNull();
    }

    @Test
    void closeAfterBytesCutsTheStreamAtExactlyThatManyBytes() throws Exception {
        connect();
        reqPq();
        dc.faults().closeAfterBytes(30);
        client.sendPlain(new TlWriter()
                .writeInt(DhExchange.REQ_PQ_MULTI)
                .writeInt128(new byte[16])
                .toByteArray());
        // resPQ is 4 (frame length) + 20 (plain header) + 64 bytes; only 30 arrive
        assertThat(client.drainToEof()).isEqualTo(30);
    }

    @Test
    void duplicateSendsTheSamePacketTwice() throws Exception {
        open();
        dc.faults().duplicate(1);
        long ping = session.send(ClientSession.ping(5));
        List<ClientSession.Message> first = session.receive();
        long firstId = session.lastMsgId;
        List<ClientSession.Message> second = session.receive();
        assertThat(session.lastMsgId).isEqualTo(firstId);
        assertThat(second)
                .extracting(ClientSession.Message::msgId)
                .containsExactlyElementsOf(
                        first.stream().map(ClientSession.Message::msgId).toList());
        assertThat(first.get(0).reader().readLong()).isEqualTo(ping);
    }

    @Test
    void reorderSendsTheNextPacketsInReverseOrder() throws Exception {
        open();
        dc.faults().reorder(2);
        long a = session.send(ClientSession.ping(1));
        long b = session.send(ClientSession.ping(2));
        List<Long> order = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (ClientSession.Message m : session.receive()) {
                if (m.constructorId() == ServiceIds.PONG) {
                    order.add(m.reader().readLong());
                }
            }
            ids.add(session.lastMsgId);
        }
        assertThat(order).containsExactly(b, a);
        assertThat(ids.get(0)).isGreaterThan(ids.get(1));
    }

    @Test
    void stallStopsAnsweringForTheDuration() throws Exception {
        open();
        dc.faults().stall(Duration.ofMillis(1500));
        long ping = session.send(ClientSession.ping(8));
        client.readTimeoutMillis(300);
        assertThat(client.silent()).isTrue();
        client.readTimeoutMillis(5000);
        // silent() consumed nothing; the answer arrives once the stall is over
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(ping);
    }

    @Test
    void pingDelayDisconnectClosesTheConnectionAfterTheDelay() throws Exception {
        open();
        long id = session.send(new TlWriter()
                .writeInt(ServiceIds.PING_DELAY_DISCONNECT)
                .writeLong(4)
                .writeInt(1)
                .toByteArray());
        TlReader pong = session.receiveUntil(ServiceIds.PONG).reader();
        assertThat(pong.readLong()).isEqualTo(id);
        assertThat(pong.readLong()).isEqualTo(4);
        assertThat(client.atEof()).isTrue();
    }

    @Test
    void anUnknownAuthKeyIdGets404AndTheConnectionCloses() throws Exception {
        connect();
        byte[] packet = new byte[24 + 48];
        packet[0] = 1;
        client.sendPacket(packet);
        assertThat(client.receiveError()).isEqualTo(-404);
        assertThat(client.atEof()).isTrue();
    }

    @Test
    void aCorruptedMsgKeyGets404() throws Exception {
        open();
        ClientSession broken = new ClientSession(client, session.authKey, session.salt, 0x7777L);
        byte[] plainPing = ClientSession.ping(1);
        // encrypt properly, then flip one bit of the msg_key
        io.mtj.crypto.MessageCipher cipher = new io.mtj.crypto.MessageCipher(session.authKey);
        byte[] plain = io.mtj.core.wire.EnvelopeCodec.encode(
                new io.mtj.core.wire.Envelope(
                        session.salt, 0x7777L, client.msgIds.next(io.mtj.core.wire.MsgIdKind.CLIENT), 3, plainPing),
                new SplittableRandom(1));
        byte[] packet = cipher.encrypt(io.mtj.crypto.Direction.CLIENT_TO_SERVER, plain);
        packet[8] ^= 1;
        assertThat(broken.sessionId).isEqualTo(0x7777L);
        client.sendPacket(packet);
        assertThat(client.receiveError()).isEqualTo(-404);
        assertThat(client.atEof()).isTrue();
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        open();
        dc.close();
        assertThat(client.atEof()).isTrue();
        assertThat(dc.isTerminated()).isTrue();
        assertThat(dc.connectionCount()).isZero();
        dc.close(); // idempotent
    }
}
