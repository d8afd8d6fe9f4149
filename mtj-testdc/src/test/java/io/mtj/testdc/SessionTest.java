package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlRegistry;
import io.mtj.tl.TlWriter;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The encrypted session as seen on the wire by a hand-rolled client. */
class SessionTest {
    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    @SuppressWarnings("NullAway.Init")
    private MiniClient client;

    @SuppressWarnings("NullAway.Init")
    private ClientSession session;

    private void open(TestDc.Builder builder) throws Exception {
        dc = builder.rsaKey(TestKeys.RSA).build();
        client = MiniClient.connect(dc.address());
        ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(11), 2);
        session = ClientSession.of(client, h, 0x1122334455667788L);
    }

    private void open() throws Exception {
        open(TestDc.builder());
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
    void pingDelayDisconnectClosesTheConnectionOnceItsDelayPasses() throws Exception {
        open();
        long ping = session.send(new io.mtj.api.mtproto.PingDelayDisconnect(5, 1).toByteArray());
        ClientSession.Message pong = session.receiveUntil(ServiceIds.PONG);
        assertThat(pong.reader().readLong()).isEqualTo(ping);
        // no further ping moves the deadline: the DC's timer closes the connection a second later (bounded by the
        // client's 30 s read timeout, far beyond the delay)
        client.readTimeoutMillis(30_000);
        client.drainToEof();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dc.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dc.connectionCount()).isZero();
    }

    @Test
    void theFirstMessageCreatesTheSessionAndIsAnsweredAndAcked() throws Exception {
        open();
        long pingMsgId = session.send(ClientSession.ping(77));
        List<ClientSession.Message> messages = session.receive();
        assertThat(messages)
                .extracting(ClientSession.Message::constructorId)
                .containsExactly(ServiceIds.NEW_SESSION_CREATED, ServiceIds.PONG, ServiceIds.MSGS_ACK);
        TlReader created = messages.get(0).reader();
        assertThat(created.readLong()).isEqualTo(pingMsgId);
        created.readLong(); // unique_id
        assertThat(created.readLong()).isEqualTo(session.salt);
        assertThat(messages.get(0).msgId() & 3).isEqualTo(3);
        assertThat(messages.get(0).seqNo()).isEqualTo(1);
        TlReader pong = messages.get(1).reader();
        assertThat(pong.readLong()).isEqualTo(pingMsgId);
        assertThat(pong.readLong()).isEqualTo(77);
        assertThat(messages.get(1).msgId() & 3).isEqualTo(1);
        assertThat(messages.get(1).seqNo()).isEqualTo(3);
        TlReader ack = messages.get(2).reader();
        assertThat(ack.readLongVector()).containsExactly(pingMsgId);
        assertThat(messages.get(2).seqNo()).isEqualTo(4);
        assertThat(session.lastSeqNo).isEqualTo(4);
        assertThat(session.lastMsgId).isGreaterThan(messages.get(2).msgId());
    }

    @Test
    void aWrongSaltIsAnsweredWithBadServerSaltCarryingTheCurrentSalt() throws Exception {
        open();
        long msgId = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(msgId, 1, session.salt ^ 1, ClientSession.ping(1));
        List<ClientSession.Message> messages = session.receive();
        assertThat(messages).hasSize(1);
        TlReader r = messages.get(0).reader();
        assertThat(messages.get(0).constructorId()).isEqualTo(ServiceIds.BAD_SERVER_SALT);
        assertThat(r.readLong()).isEqualTo(msgId);
        assertThat(r.readInt()).isEqualTo(1);
        assertThat(r.readInt()).isEqualTo(48);
        assertThat(r.readLong()).isEqualTo(session.salt);
    }

    @Test
    void forcedBadServerSaltMovesToANewSaltForTheNextNMessages() throws Exception {
        open();
        dc.faults().badServerSalt(2);
        long old = session.salt;
        for (int i = 0; i < 2; i++) {
            session.send(ClientSession.ping(i));
            ClientSession.Message m = session.receive().get(0);
            assertThat(m.constructorId()).isEqualTo(ServiceIds.BAD_SERVER_SALT);
            TlReader r = m.reader();
            r.skip(16);
            long fresh = r.readLong();
            assertThat(fresh).isNotEqualTo(session.salt);
            session.salt = fresh;
        }
        assertThat(session.salt).isNotEqualTo(old).isEqualTo(dc.serverSalt(session.authKeyId()));
        long ping = session.send(ClientSession.ping(9));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(ping);
    }

    private ClientSession.Message single() throws Exception {
        List<ClientSession.Message> messages = session.receive();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** Sends a first ping so the session exists, and consumes the answer. */
    private void warmUp() throws Exception {
        session.send(ClientSession.ping(0));
        session.receiveUntil(ServiceIds.PONG);
    }

    private void assertBadMsg(ClientSession.Message m, long msgId, int seqNo, int code) throws Exception {
        assertThat(m.constructorId()).isEqualTo(ServiceIds.BAD_MSG_NOTIFICATION);
        TlReader r = m.reader();
        assertThat(r.readLong()).isEqualTo(msgId);
        assertThat(r.readInt()).isEqualTo(seqNo);
        assertThat(r.readInt()).isEqualTo(code);
        r.expectEnd();
    }

    @Test
    void aMsgIdMoreThan300SecondsOldIsCode16() throws Exception {
        open();
        warmUp();
        long old = MsgIdGenerator.fromTime(dc.now().minusSeconds(301)) & ~3L;
        session.sendRaw(old, 3, session.salt, ClientSession.ping(1));
        assertBadMsg(single(), old, 3, 16);
    }

    @Test
    void aMsgIdMoreThan30SecondsAheadIsCode17AndTheSkewFaultMovesTheWindow() throws Exception {
        open();
        warmUp();
        dc.faults().skewClock(Duration.ofMinutes(-1));
        long now = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(now, 3, session.salt, ClientSession.ping(1));
        ClientSession.Message m = single();
        assertBadMsg(m, now, 3, 17);
    }

    @Test
    void aForwardSkewMovesTheServerMsgIdsAhead() throws Exception {
        open();
        warmUp();
        dc.faults().skewClock(Duration.ofMinutes(2));
        long ping = session.send(ClientSession.ping(3));
        ClientSession.Message pong = session.receiveUntil(ServiceIds.PONG);
        assertThat(MsgIdGenerator.toInstant(pong.msgId()))
                .isAfter(MsgIdGenerator.toInstant(ping).plusSeconds(100));
    }

    @Test
    void aMsgIdNotDivisibleBy4IsCode18() throws Exception {
        open();
        warmUp();
        long id = session.client.msgIds.next(MsgIdKind.CLIENT) | 1;
        session.sendRaw(id, 3, session.salt, ClientSession.ping(1));
        assertBadMsg(single(), id, 3, 18);
    }

    @Test
    void anEvenSeqnoOnAContentMessageIsCode35AndAnOddOneOnAContainerIsCode34() throws Exception {
        open();
        warmUp();
        long id = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(id, 2, session.salt, ClientSession.ping(1));
        assertBadMsg(single(), id, 2, 35);
        long inner = session.client.msgIds.next(MsgIdKind.CLIENT);
        long containerId = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] ping = ClientSession.ping(2);
        byte[] container = new TlWriter()
                .writeInt(ServiceIds.MSG_CONTAINER)
                .writeInt(1)
                .writeLong(inner)
                .writeInt(5)
                .writeInt(ping.length)
                .writeRaw(ping)
                .toByteArray();
        session.sendRaw(containerId, 5, session.salt, container);
        assertBadMsg(single(), containerId, 5, 34);
    }

    @Test
    void aMsgsAckWithAnOddSeqnoIsAcceptedNotRefusedWith34() throws Exception {
        open();
        warmUp();
        long ackId = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] ack = new TlWriter()
                .writeInt(ServiceIds.MSGS_ACK)
                .writeLongVector(List.of(1L))
                .toByteArray();
        session.sendRaw(ackId, session.seq.next(true), session.salt, ack); // as mtcute 0.30.3 does
        long ping = session.send(ClientSession.ping(3));
        List<ClientSession.Message> answer = session.receive();
        assertThat(answer)
                .extracting(ClientSession.Message::constructorId)
                .containsExactly(ServiceIds.PONG, ServiceIds.MSGS_ACK);
        assertThat(answer.get(0).reader().readLong()).isEqualTo(ping);
        assertThat(answer.get(1).reader().readLongVector()).containsExactly(ping);
    }

    @Test
    void aLowerSeqnoThanAnEarlierMsgIdsOrTheSameOddOneIsCode32() throws Exception {
        open();
        warmUp(); // seqno 1
        long ping = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(ping, 7, session.salt, ClientSession.ping(1));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(ping);
        long lower = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(lower, 5, session.salt, ClientSession.ping(2));
        assertBadMsg(single(), lower, 5, 32);
        long same = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(same, 7, session.salt, ClientSession.ping(3));
        assertBadMsg(single(), same, 7, 32);
        // gaps are fine, and an even seqno may repeat
        long ack = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] acks = new TlWriter()
                .writeInt(ServiceIds.MSGS_ACK)
                .writeLongVector(List.of(1L))
                .toByteArray();
        session.sendRaw(ack, 8, session.salt, acks);
        long ack2 = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(ack2, 8, session.salt, acks);
        long higher = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(higher, 11, session.salt, ClientSession.ping(4));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(higher);
    }

    @Test
    void aHigherSeqnoThanALaterMsgIdsIsCode33() throws Exception {
        open();
        warmUp(); // seqno 1
        long earlier = session.client.msgIds.next(MsgIdKind.CLIENT);
        long same = session.client.msgIds.next(MsgIdKind.CLIENT);
        long between = session.client.msgIds.next(MsgIdKind.CLIENT);
        long later = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(later, 5, session.salt, ClientSession.ping(1));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(later);
        session.sendRaw(earlier, 7, session.salt, ClientSession.ping(2));
        assertBadMsg(single(), earlier, 7, 33);
        session.sendRaw(same, 5, session.salt, ClientSession.ping(3));
        assertBadMsg(single(), same, 5, 33);
        // a seqno between both neighbours' is accepted
        session.sendRaw(between, 3, session.salt, ClientSession.ping(4));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(between);
    }

    @Test
    void msgsStateReqIsAnsweredWithOneStateBytePerMsgId() throws Exception {
        open();
        long before = session.client.msgIds.next(MsgIdKind.CLIENT);
        long ping = session.send(ClientSession.ping(1));
        session.receiveUntil(ServiceIds.PONG);
        long skipped = session.client.msgIds.next(MsgIdKind.CLIENT);
        long ack = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(
                ack,
                session.seq.next(false),
                session.salt,
                new TlWriter()
                        .writeInt(ServiceIds.MSGS_ACK)
                        .writeLongVector(List.of(1L))
                        .toByteArray());
        long future = MsgIdGenerator.fromTime(dc.now().plusSeconds(10)) & ~3L;
        byte[] req = new TlWriter()
                .writeInt(ServiceIds.MSGS_STATE_REQ)
                .writeLongVector(List.of(ping, ack, before, skipped, future))
                .toByteArray();
        long reqId = session.send(req);
        ClientSession.Message info = session.receiveUntil(ServiceIds.MSGS_STATE_INFO);
        TlReader r = info.reader();
        assertThat(r.readLong()).isEqualTo(reqId);
        // the ping: received, acknowledged (by its pong), processed, answered; the ack needs no ack
        assertThat(r.readBytes()).containsExactly(4 | 8 | 32 | 64, 4 | 16, 1, 2, 3);
        r.expectEnd();
        assertThat(info.seqNo() & 1).isEqualTo(1);
    }

    @Test
    void aRepeatedMsgIdIsAnsweredWithTheKeptAnswerNotExecutedAgain() throws Exception {
        open();
        warmUp();
        long id = session.client.msgIds.next(MsgIdKind.CLIENT);
        int seq = session.seq.next(true);
        session.sendRaw(id, seq, session.salt, ClientSession.ping(5));
        ClientSession.Message first = session.receiveUntil(ServiceIds.PONG);
        assertThat(first.reader().readLong()).isEqualTo(id);
        session.sendRaw(id, seq, session.salt, ClientSession.ping(5));
        ClientSession.Message again = session.receiveUntil(ServiceIds.PONG);
        assertThat(again.msgId()).isEqualTo(first.msgId());
        assertThat(again.seqNo()).isEqualTo(first.seqNo());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(dc.executions().count(new Executions.MessageKey(session.authKeyId(), session.sessionId, id)))
                .isEqualTo(1);
    }

    @Test
    void aContainerOfTwoPingsIsAnsweredWithTwoPongsAndOneAckInOneContainer() throws Exception {
        open();
        warmUp();
        long a = session.client.msgIds.next(MsgIdKind.CLIENT);
        long b = session.client.msgIds.next(MsgIdKind.CLIENT);
        long container = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] pingA = ClientSession.ping(1);
        byte[] pingB = ClientSession.ping(2);
        byte[] body = new TlWriter()
                .writeInt(ServiceIds.MSG_CONTAINER)
                .writeInt(2)
                .writeLong(a)
                .writeInt(3)
                .writeInt(pingA.length)
                .writeRaw(pingA)
                .writeLong(b)
                .writeInt(5)
                .writeInt(pingB.length)
                .writeRaw(pingB)
                .toByteArray();
        session.sendRaw(container, 6, session.salt, body);
        List<ClientSession.Message> messages = session.receive();
        assertThat(messages)
                .extracting(ClientSession.Message::constructorId)
                .containsExactly(ServiceIds.PONG, ServiceIds.PONG, ServiceIds.MSGS_ACK);
        assertThat(messages.get(0).reader().readLong()).isEqualTo(a);
        assertThat(messages.get(1).reader().readLong()).isEqualTo(b);
        assertThat(messages.get(2).reader().readLongVector()).containsExactly(a, b);
    }

    @Test
    void aContainerInsideAContainerIsCode64() throws Exception {
        open();
        warmUp();
        long inner = session.client.msgIds.next(MsgIdKind.CLIENT);
        long outer = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] empty =
                new TlWriter().writeInt(ServiceIds.MSG_CONTAINER).writeInt(0).toByteArray();
        byte[] body = new TlWriter()
                .writeInt(ServiceIds.MSG_CONTAINER)
                .writeInt(1)
                .writeLong(inner)
                .writeInt(2)
                .writeInt(empty.length)
                .writeRaw(empty)
                .toByteArray();
        session.sendRaw(outer, 2, session.salt, body);
        assertBadMsg(single(), inner, 2, 64);
    }

    @Test
    void aGzipPackedPingIsInflatedAndAnswered() throws Exception {
        open();
        warmUp();
        long id = session.send(TlGzip.pack(ClientSession.ping(99)));
        ClientSession.Message pong = session.receiveUntil(ServiceIds.PONG);
        TlReader r = pong.reader();
        assertThat(r.readLong()).isEqualTo(id);
        assertThat(r.readLong()).isEqualTo(99);
    }

    @Test
    void getFutureSaltsStartsWithTheCurrentSalt() throws Exception {
        open();
        warmUp();
        long id = session.send(
                new TlWriter().writeInt(ServiceIds.GET_FUTURE_SALTS).writeInt(3).toByteArray());
        // a bare future_salts message, not wrapped in rpc_result
        TlReader r = session.receiveUntil(ServiceIds.FUTURE_SALTS).reader();
        assertThat(r.readLong()).isEqualTo(id);
        int now = r.readInt();
        assertThat(r.readInt()).isEqualTo(3);
        // bare future_salt elements: valid_since comes right after the count
        assertThat(r.readInt()).isEqualTo(now);
        assertThat(r.readInt()).isEqualTo(now + TestDc.SALT_PERIOD_SECONDS);
        assertThat(r.readLong()).isEqualTo(session.salt);
        r.skip(8); // valid_since, valid_until
        long future = r.readLong();
        assertThat(future).isNotEqualTo(session.salt);
        long withFuture = client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(withFuture, session.seq.next(true), future, ClientSession.ping(7));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(withFuture);
    }

    @Test
    void destroySessionAnswersNoneForAnUnknownSessionAndOkForAKnownOneAsPlainMessages() throws Exception {
        open();
        warmUp();
        session.send(new TlWriter()
                .writeInt(ServiceIds.DESTROY_SESSION)
                .writeLong(42)
                .toByteArray());
        // as Telegram: a message of its own naming the session, never inside rpc_result (mtcute logs that form)
        List<ClientSession.Message> got = session.receiveThrough(ServiceIds.DESTROY_SESSION_NONE);
        assertThat(got).extracting(ClientSession.Message::constructorId).doesNotContain(ServiceIds.RPC_RESULT);
        TlReader r = got.stream()
                .filter(m -> m.constructorId() == ServiceIds.DESTROY_SESSION_NONE)
                .findFirst()
                .orElseThrow()
                .reader();
        assertThat(r.readLong()).isEqualTo(42);
        ClientSession other = new ClientSession(client, session.authKey, session.salt, 43);
        other.send(ClientSession.ping(1));
        other.receiveUntil(ServiceIds.PONG);
        session.send(new TlWriter()
                .writeInt(ServiceIds.DESTROY_SESSION)
                .writeLong(43)
                .toByteArray());
        TlReader ok = session.receiveUntil(ServiceIds.DESTROY_SESSION_OK).reader();
        assertThat(ok.readLong()).isEqualTo(43);
    }

    @Test
    void pushUpdateReachesTheSessionAsAContentRelatedNotice() throws Exception {
        open();
        warmUp();
        RawObject update = new RawObject(0x1234abcd, new byte[] {1, 2, 3, 4});
        assertThat(dc.pushUpdate(update)).isEqualTo(1);
        ClientSession.Message m = single();
        assertThat(m.body()).isEqualTo(update.toByteArray());
        assertThat(m.msgId() & 3).isEqualTo(3);
        assertThat(m.seqNo() & 1).isEqualTo(1);
    }

    @Test
    void unknownConstructorIdsGet400InputMethodInvalid() throws Exception {
        open();
        warmUp();
        long id = session.send(new TlWriter().writeInt(0xdeadbeef).writeInt(1).toByteArray());
        TlReader r = session.receiveUntil(ServiceIds.RPC_RESULT).reader();
        assertThat(r.readLong()).isEqualTo(id);
        assertThat(r.readInt()).isEqualTo(ServiceIds.RPC_ERROR);
        assertThat(r.readInt()).isEqualTo(400);
        assertThat(r.readString()).isEqualTo("INPUT_METHOD_INVALID_3735928559_0");
        ReceivedRequest request = java.util.Objects.requireNonNull(dc.takeRequest(Duration.ofSeconds(5)));
        assertThat(request).isNotNull();
        assertThat(request.constructorId()).isEqualTo(0xdeadbeef);
        assertThat(request.method()).isNull();
        assertThat(request.msgId()).isEqualTo(id);
    }

    @Test
    void methodsTheRegistryKnowsButTheDcDoesNotImplementGet401AuthKeyUnregistered() throws Exception {
        TlRegistry registry = TlRegistry.builder()
                .register(0x0a0b0c0d, in -> new RawObject(0x0a0b0c0d, in.readRemaining()))
                .build();
        open(TestDc.builder().apiRegistry(registry));
        warmUp();
        session.send(new TlWriter().writeInt(0x0a0b0c0d).toByteArray());
        TlReader r = session.receiveUntil(ServiceIds.RPC_RESULT).reader();
        r.readLong();
        assertThat(r.readInt()).isEqualTo(ServiceIds.RPC_ERROR);
        assertThat(r.readInt()).isEqualTo(401);
        assertThat(r.readString()).isEqualTo("AUTH_KEY_UNREGISTERED");
    }

    @Test
    void aKeyInASharedStoreKeepsWorkingAfterTheDcRestarts() throws Exception {
        AuthKeyStore store = AuthKeyStore.inMemory();
        open(TestDc.builder().authKeyStore(store));
        warmUp();
        byte[] key = session.authKey;
        long oldSalt = session.salt;
        client.close();
        dc.close();
        dc = TestDc.builder().rsaKey(TestKeys.RSA).authKeyStore(store).build();
        client = MiniClient.connect(dc.address());
        session = new ClientSession(client, key, oldSalt, 0x99L);
        long first = session.send(ClientSession.ping(1));
        ClientSession.Message bad = single();
        assertThat(bad.constructorId()).isEqualTo(ServiceIds.BAD_SERVER_SALT);
        TlReader r = bad.reader();
        assertThat(r.readLong()).isEqualTo(first);
        r.skip(8);
        session.salt = r.readLong();
        long second = session.send(ClientSession.ping(2));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(second);
        assertThat(dc.authKeysCreated()).isZero();
    }

    @Test
    void aPacketWithTheQuickAckBitGetsTheTokenBeforeTheAnswer() throws Exception {
        open();
        warmUp();
        long msgId = client.msgIds.next(MsgIdKind.CLIENT);
        byte[] plain = io.mtj.core.wire.EnvelopeCodec.encode(
                new io.mtj.core.wire.Envelope(session.salt, session.sessionId, msgId, 3, ClientSession.ping(4)),
                new SplittableRandom(3));
        byte[] packet = new io.mtj.crypto.MessageCipher(session.authKey)
                .encrypt(io.mtj.crypto.Direction.CLIENT_TO_SERVER, plain);
        client.sendPacketQuickAck(packet);
        byte[] hash = io.mtj.crypto.Digests.sha256(java.util.Arrays.copyOfRange(session.authKey, 88, 120), plain);
        assertThat(client.receiveRawInt()).isEqualTo(MiniClient.intLe(hash, 0) | 0x80000000);
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(msgId);
    }
}
