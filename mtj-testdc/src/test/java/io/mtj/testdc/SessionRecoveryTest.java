package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import io.mtj.transport.codec.FrameCodec;
import java.io.EOFException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session outlives its connections as Telegram's does: the DC keeps each received msg_id with its state, answers a
 * repeat from what it kept, re-sends unacknowledged answers on the next connection, and the call effects cut a
 * connection at each moment of a request's life. Driven by the hand-rolled client with raw encrypted messages.
 */
class SessionRecoveryTest {
    private static final int NEAREST_DC = HelpGetNearestDc.ID;

    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    @SuppressWarnings("NullAway.Init")
    private ClientSession session;

    private @Nullable ClientSession second;

    private void open(TestDc.Builder builder) throws Exception {
        dc = builder.rsaKey(TestKeys.RSA).build();
        MiniClient client = MiniClient.connect(dc.address());
        ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(11), 2);
        session = ClientSession.of(client, h, 0x5566778899aabbccL);
    }

    private void open() throws Exception {
        open(TestDc.builder());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (session != null) {
            session.client.close();
        }
        ClientSession s = second;
        if (s != null) {
            s.client.close();
        }
        if (dc != null) {
            dc.close();
            assertThat(dc.isTerminated()).isTrue();
        }
    }

    private static byte[] nearestDc() {
        return new TlWriter().writeInt(NEAREST_DC).toByteArray();
    }

    private void warmUp() throws Exception {
        session.send(ClientSession.ping(0));
        session.receiveUntil(ServiceIds.PONG);
    }

    private Executions.MessageKey key(long msgId) {
        return new Executions.MessageKey(session.authKeyId(), session.sessionId, msgId);
    }

    private static ClientSession.@Nullable Message resultFor(List<ClientSession.Message> messages, long reqMsgId) {
        for (ClientSession.Message m : messages) {
            if (m.constructorId() == ServiceIds.RPC_RESULT && TestDc.leLong(m.body(), 4) == reqMsgId) {
                return m;
            }
        }
        return null;
    }

    /** The rpc_result answering {@code reqMsgId}, which must be there. */
    private static ClientSession.Message requireResult(List<ClientSession.Message> messages, long reqMsgId) {
        ClientSession.Message m = resultFor(messages, reqMsgId);
        assertThat(m).as("rpc_result for 0x%x in %s", reqMsgId, messages).isNotNull();
        return java.util.Objects.requireNonNull(m);
    }

    private static int resultConstructor(ClientSession.Message rpcResult) {
        return TestDc.leInt(rpcResult.body(), 12);
    }

    /** Sends a ping and returns every message up to its pong. */
    private List<ClientSession.Message> pingThrough(ClientSession s) throws Exception {
        s.send(ClientSession.ping(99));
        return s.receiveThrough(ServiceIds.PONG);
    }

    private byte[] stateOf(ClientSession s, long... ids) throws Exception {
        TlWriter w = new TlWriter()
                .writeInt(ServiceIds.MSGS_STATE_REQ)
                .writeInt(ServiceIds.VECTOR)
                .writeInt(ids.length);
        for (long id : ids) {
            w.writeLong(id);
        }
        long req = s.send(w.toByteArray());
        TlReader r = s.receiveUntil(ServiceIds.MSGS_STATE_INFO).reader();
        assertThat(r.readLong()).isEqualTo(req);
        byte[] info = r.readBytes();
        r.expectEnd();
        return info;
    }

    /** Sends a container of {@code first} (with seqno {@code firstSeqNo}) and a content-related {@code then}. */
    private void sendContainer(byte[] first, int firstSeqNo, byte[] then) throws Exception {
        long a = session.client.msgIds.next(MsgIdKind.CLIENT);
        long b = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] body = new TlWriter()
                .writeInt(ServiceIds.MSG_CONTAINER)
                .writeInt(2)
                .writeLong(a)
                .writeInt(firstSeqNo)
                .writeInt(first.length)
                .writeRaw(first)
                .writeLong(b)
                .writeInt(session.seq.next(true))
                .writeInt(then.length)
                .writeRaw(then)
                .toByteArray();
        session.sendRaw(session.client.msgIds.next(MsgIdKind.CLIENT), session.seq.next(false), session.salt, body);
    }

    private static byte[] container(long msgId, int seqNo, byte[] body) {
        return new TlWriter()
                .writeInt(ServiceIds.MSG_CONTAINER)
                .writeInt(1)
                .writeLong(msgId)
                .writeInt(seqNo)
                .writeInt(body.length)
                .writeRaw(body)
                .toByteArray();
    }

    // ---- effects at each moment of a request's life ----

    @Test
    void closeAfterExecutingKeepsTheAnswerAndTheNextConnectionGetsIt() throws Exception {
        open();
        dc.faults().onCall(HelpGetNearestDc.class, CallEffect.closeAfterExecuting());
        long call = session.send(nearestDc());
        assertThat(session.client.drainToEof())
                .as("bytes written before the close")
                .isZero();
        session.reconnect(dc.address());
        List<ClientSession.Message> next = pingThrough(session);
        assertThat(next).extracting(ClientSession.Message::constructorId).startsWith(ServiceIds.NEW_SESSION_CREATED);
        ClientSession.Message result = requireResult(next, call);
        assertThat(result).isNotNull();
        assertThat(resultConstructor(result)).isEqualTo(NearestDc.ID);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
        assertThat(dc.executions().total()).isEqualTo(2); // the call and the ping
        assertThat(dc.faults().pendingEffects()).isZero();
    }

    @Test
    void closeBeforeExecutingLeavesTheRequestNotReceivedSoANewMsgIdRunsItOnce() throws Exception {
        open();
        warmUp();
        dc.faults().onCall(NEAREST_DC, CallEffect.closeBeforeExecuting());
        long call = session.send(nearestDc());
        assertThat(session.client.drainToEof()).isZero();
        session.reconnect(dc.address());
        assertThat(stateOf(session, call)).containsExactly(2); // within the range received, not received
        assertThat(dc.executions().count(key(call))).isZero();
        assertThat(dc.takeRequest(Duration.ZERO)).isNull();
        long again = session.send(nearestDc());
        ClientSession.Message result = requireResult(session.receiveThrough(ServiceIds.RPC_RESULT), again);
        assertThat(result).isNotNull();
        assertThat(dc.executions().count(key(again))).isEqualTo(1);
    }

    @Test
    void closeAfterAckSendsTheAckAloneThenExecutesAndTheNextConnectionGetsTheAnswer() throws Exception {
        open();
        warmUp();
        dc.faults().onCall(NEAREST_DC, CallEffect.closeAfterAck());
        long call = session.send(nearestDc());
        List<ClientSession.Message> ack = session.receive();
        assertThat(ack).extracting(ClientSession.Message::constructorId).containsExactly(ServiceIds.MSGS_ACK);
        assertThat(ack.get(0).reader().readLongVector()).containsExactly(call);
        assertThat(session.client.drainToEof()).isZero();
        session.reconnect(dc.address());
        ClientSession.Message result = requireResult(pingThrough(session), call);
        assertThat(result).isNotNull();
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
    }

    @Test
    void closeMidAnswerCutsThePacketAndTheNextConnectionGetsTheWholeAnswer() throws Exception {
        open();
        warmUp();
        dc.faults().onCall(NEAREST_DC, CallEffect.closeMidAnswer());
        long call = session.send(nearestDc());
        assertThatThrownBy(session::receive).isInstanceOf(EOFException.class);
        session.reconnect(dc.address());
        ClientSession.Message result = requireResult(pingThrough(session), call);
        assertThat(result).isNotNull();
        assertThat(resultConstructor(result)).isEqualTo(NearestDc.ID);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
    }

    @Test
    void forgetSessionExecutesThenForgetsSoTheCallIsUnknownToTheNewSession() throws Exception {
        open();
        warmUp();
        dc.faults().onCall(NEAREST_DC, CallEffect.forgetSession());
        long call = session.send(nearestDc());
        session.client.readTimeoutMillis(300);
        assertThat(session.client.silent()).isTrue();
        session.client.readTimeoutMillis(5000);
        long ping = session.send(ClientSession.ping(5));
        List<ClientSession.Message> next = session.receiveThrough(ServiceIds.PONG);
        assertThat(next.get(0).constructorId()).isEqualTo(ServiceIds.NEW_SESSION_CREATED);
        assertThat(next.get(0).reader().readLong()).isEqualTo(ping).isGreaterThan(call);
        assertThat(resultFor(next, call)).isNull();
        assertThat(stateOf(session, call)).containsExactly(1);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
    }

    @Test
    void skewClockEffectMovesTheDcClockBeforeTheCall() throws Exception {
        open();
        warmUp();
        dc.faults().onCall(NEAREST_DC, CallEffect.skewClock(Duration.ofHours(1)));
        session.send(nearestDc());
        session.receiveUntil(ServiceIds.RPC_RESULT);
        assertThat(dc.faults().clockSkew()).isEqualTo(Duration.ofHours(1));
        assertThat(io.mtj.core.wire.MsgIdGenerator.toInstant(session.lastMsgId))
                .isAfter(java.time.Instant.now().plusSeconds(3000));
    }

    // ---- repeats, re-sends, states ----

    @Test
    void aRepeatInANewContainerGetsTheKeptAnswerAgainUnderItsOwnMsgId() throws Exception {
        open();
        warmUp();
        long call = session.client.msgIds.next(MsgIdKind.CLIENT);
        int seq = session.seq.next(true);
        session.sendRaw(call, seq, session.salt, nearestDc());
        ClientSession.Message first = session.receiveUntil(ServiceIds.RPC_RESULT);
        long containerId = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(containerId, session.seq.next(false), session.salt, container(call, seq, nearestDc()));
        ClientSession.Message again = session.receiveUntil(ServiceIds.RPC_RESULT);
        assertThat(again.msgId()).isEqualTo(first.msgId());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
        assertThat(dc.takeRequest(Duration.ZERO)).isNotNull();
        assertThat(dc.takeRequest(Duration.ZERO)).isNull();
    }

    @Test
    void aRepeatOfALargeAnswerGetsMsgDetailedInfoAndMsgResendReqFetchesIt() throws Exception {
        open(TestDc.builder().largeAnswerBytes(8));
        warmUp();
        long call = session.client.msgIds.next(MsgIdKind.CLIENT);
        int seq = session.seq.next(true);
        session.sendRaw(call, seq, session.salt, nearestDc());
        ClientSession.Message first = session.receiveUntil(ServiceIds.RPC_RESULT);
        long containerId = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(containerId, session.seq.next(false), session.salt, container(call, seq, nearestDc()));
        ClientSession.Message info = session.receiveUntil(ServiceIds.MSG_DETAILED_INFO);
        assertThat(info.seqNo() & 1).isZero();
        TlReader r = info.reader();
        assertThat(r.readLong()).isEqualTo(call);
        assertThat(r.readLong()).isEqualTo(first.msgId());
        assertThat(r.readInt()).isEqualTo(first.body().length);
        assertThat(r.readInt()).isZero();
        r.expectEnd();
        session.send(new TlWriter()
                .writeInt(ServiceIds.MSG_RESEND_REQ)
                .writeLongVector(List.of(first.msgId()))
                .toByteArray());
        ClientSession.Message resent = session.receiveUntil(ServiceIds.RPC_RESULT);
        assertThat(resent.msgId()).isEqualTo(first.msgId());
        assertThat(resent.body()).isEqualTo(first.body());
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
    }

    /**
     * The recovery a client runs when msgs_state_info says "answer generated": msg_resend_ans_req naming its request
     * brings the kept answer again (same msg_id, same bytes), with no msgs_state_info since every id named an answer,
     * and the request is not executed again.
     */
    @Test
    void msgResendAnsReqNamingARequestResendsItsAnswer() throws Exception {
        open();
        warmUp();
        long call = session.send(nearestDc());
        ClientSession.Message first = session.receiveUntil(ServiceIds.RPC_RESULT);
        assertThat(stateOf(session, call)[0] & 64).as("answer generated").isEqualTo(64);
        session.send(new TlWriter()
                .writeInt(0x8610baeb)
                .writeLongVector(List.of(call))
                .toByteArray());
        List<ClientSession.Message> next = pingThrough(session);
        ClientSession.Message again = requireResult(next, call);
        assertThat(again.msgId()).isEqualTo(first.msgId());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(next).extracting(ClientSession.Message::constructorId).doesNotContain(ServiceIds.MSGS_STATE_INFO);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
    }

    /**
     * msg_resend_req names the other party's messages: naming one of the client's own requests re-sends nothing and
     * is answered with msgs_state_info for every id named (as msgs_state_req would be), as Telegram does; an id of the
     * DC's own answer in the same request is still re-sent.
     */
    @Test
    void msgResendReqNamingTheClientsOwnRequestIsAnsweredWithMsgsStateInfo() throws Exception {
        open();
        warmUp();
        long call = session.send(nearestDc());
        ClientSession.Message first = session.receiveUntil(ServiceIds.RPC_RESULT);
        byte[] expected = stateOf(session, call, first.msgId());
        long req = session.send(new TlWriter()
                .writeInt(ServiceIds.MSG_RESEND_REQ)
                .writeLongVector(List.of(call, first.msgId()))
                .toByteArray());
        List<ClientSession.Message> next = pingThrough(session);
        ClientSession.Message again = requireResult(next, call);
        assertThat(again.msgId()).isEqualTo(first.msgId());
        List<ClientSession.Message> infos = next.stream()
                .filter(m -> m.constructorId() == ServiceIds.MSGS_STATE_INFO)
                .toList();
        assertThat(infos).hasSize(1);
        TlReader r = infos.get(0).reader();
        assertThat(r.readLong()).isEqualTo(req);
        assertThat(r.readBytes()).isEqualTo(expected);
        r.expectEnd();
        assertThat(expected[0] & 64)
                .as("the request's own status: answer generated")
                .isEqualTo(64);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);

        // naming only the client's request: no answer at all, only the status
        long only = session.send(new TlWriter()
                .writeInt(ServiceIds.MSG_RESEND_REQ)
                .writeLongVector(List.of(call))
                .toByteArray());
        List<ClientSession.Message> last = pingThrough(session);
        assertThat(resultFor(last, call)).isNull();
        TlReader info = last.stream()
                .filter(m -> m.constructorId() == ServiceIds.MSGS_STATE_INFO)
                .findFirst()
                .orElseThrow()
                .reader();
        assertThat(info.readLong()).isEqualTo(only);
        assertThat(info.readBytes()).isEqualTo(new byte[] {expected[0]});
    }

    @Test
    void acknowledgedAnswersAreNotResentButUnacknowledgedOnesAre() throws Exception {
        open();
        List<ClientSession.Message> warm = pingThrough(session); // new_session_created + pong, unacknowledged
        long unacked = session.send(nearestDc());
        ClientSession.Message result = session.receiveUntil(ServiceIds.RPC_RESULT);
        List<Long> ids = warm.stream()
                .filter(m -> (m.seqNo() & 1) == 1)
                .map(ClientSession.Message::msgId)
                .toList();
        assertThat(ids).hasSize(2);
        session.reconnect(dc.address());
        // the first packet on the new connection acknowledges them: its acks count before anything is re-sent
        byte[] ack = new TlWriter()
                .writeInt(ServiceIds.MSGS_ACK)
                .writeLongVector(ids)
                .toByteArray();
        sendContainer(ack, session.seq.next(false), ClientSession.ping(1));
        List<ClientSession.Message> next = session.receiveThrough(ServiceIds.PONG);
        assertThat(next).extracting(ClientSession.Message::msgId).doesNotContainAnyElementsOf(ids);
        ClientSession.Message again = requireResult(next, unacked);
        assertThat(again).isNotNull();
        assertThat(again.msgId()).isEqualTo(result.msgId());
        // acknowledged with an odd seqno, as mtcute 0.30.3 does: accepted, so not re-sent either
        List<Long> rest = next.stream()
                .filter(m -> (m.seqNo() & 1) == 1)
                .map(ClientSession.Message::msgId)
                .toList();
        session.reconnect(dc.address());
        byte[] oddAck = new TlWriter()
                .writeInt(ServiceIds.MSGS_ACK)
                .writeLongVector(rest)
                .toByteArray();
        sendContainer(oddAck, session.seq.next(true), ClientSession.ping(2));
        assertThat(session.receiveThrough(ServiceIds.PONG))
                .extracting(ClientSession.Message::constructorId)
                .containsExactly(ServiceIds.PONG, ServiceIds.MSGS_ACK);
    }

    @Test
    void theSessionForgetsItsOldestMsgIdsBeyondItsMemory() throws Exception {
        open(TestDc.builder().sessionMemory(4));
        long firstSeqPing = session.client.msgIds.next(MsgIdKind.CLIENT);
        int seq = session.seq.next(true);
        session.sendRaw(firstSeqPing, seq, session.salt, ClientSession.ping(0));
        session.receiveUntil(ServiceIds.PONG);
        for (int i = 1; i <= 5; i++) {
            session.send(ClientSession.ping(i));
            session.receiveUntil(ServiceIds.PONG);
        }
        assertThat(stateOf(session, firstSeqPing)).containsExactly(1);
        session.sendRaw(firstSeqPing, seq, session.salt, ClientSession.ping(0)); // dropped: cannot tell a replay
        long ping = session.send(ClientSession.ping(7));
        assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong()).isEqualTo(ping);
        assertThat(dc.executions().count(key(firstSeqPing))).isEqualTo(1);
    }

    @Test
    void aCallBeingProcessedIsState36AndRpcDropAnswerThenThrowsItsAnswerAway() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        open();
        dc.handle(HelpGetNearestDc.class, m -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NearestDc("DE", 2, 2);
        });
        warmUp();
        long call = session.send(nearestDc());
        assertThat(dc.takeRequest(Duration.ofSeconds(5))).isNotNull(); // the handler is running
        ClientSession other = session.sibling(dc.address());
        second = other;
        assertThat(stateOf(other, call)).containsExactly(4 | 32);
        long drop = other.send(new TlWriter()
                .writeInt(ServiceIds.RPC_DROP_ANSWER)
                .writeLong(call)
                .toByteArray());
        ClientSession.Message dropped = requireResult(other.receiveThrough(ServiceIds.RPC_RESULT), drop);
        assertThat(dropped).isNotNull();
        assertThat(resultConstructor(dropped)).isEqualTo(ServiceIds.RPC_ANSWER_DROPPED_RUNNING);
        release.countDown();
        List<ClientSession.Message> after = session.receive();
        assertThat(after).extracting(ClientSession.Message::constructorId).containsExactly(ServiceIds.MSGS_ACK);
        assertThat(stateOf(other, call)).containsExactly(4 | 8 | 32 | 64);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
    }

    @Test
    void theSameMsgIdOnTwoConnectionsAtOnceRunsOnceAndTheRepeatIsOnlyAcknowledged() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        open();
        dc.handle(HelpGetNearestDc.class, m -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NearestDc("DE", 2, 2);
        });
        warmUp();
        ClientSession other = session.sibling(dc.address());
        second = other;
        long call = session.client.msgIds.next(MsgIdKind.CLIENT);
        int seq = session.seq.next(true);
        session.sendRaw(call, seq, session.salt, nearestDc());
        assertThat(dc.takeRequest(Duration.ofSeconds(5))).isNotNull(); // running on the first connection
        long containerId = other.client.msgIds.next(MsgIdKind.CLIENT);
        other.sendRaw(containerId, other.seq.next(false), other.salt, container(call, seq, nearestDc()));
        List<ClientSession.Message> repeat = other.receiveThrough(ServiceIds.MSGS_ACK);
        assertThat(resultFor(repeat, call)).isNull();
        assertThat(repeat.get(repeat.size() - 1).reader().readLongVector()).containsExactly(call);
        release.countDown();
        assertThat(resultFor(session.receiveThrough(ServiceIds.RPC_RESULT), call))
                .isNotNull();
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
        assertThat(dc.takeRequest(Duration.ZERO)).isNull();
    }

    @Test
    void rpcDropAnswerOfAnUnacknowledgedAnswerDropsItAndItIsNotResent() throws Exception {
        open();
        warmUp();
        long call = session.send(nearestDc());
        ClientSession.Message result = session.receiveUntil(ServiceIds.RPC_RESULT);
        long drop = session.send(new TlWriter()
                .writeInt(ServiceIds.RPC_DROP_ANSWER)
                .writeLong(call)
                .toByteArray());
        ClientSession.Message answer = requireResult(session.receiveThrough(ServiceIds.RPC_RESULT), drop);
        assertThat(answer).isNotNull();
        TlReader r = new TlReader(answer.body(), 12, answer.body().length - 12);
        assertThat(r.readInt()).isEqualTo(ServiceIds.RPC_ANSWER_DROPPED);
        assertThat(r.readLong()).isEqualTo(result.msgId());
        assertThat(r.readInt()).isEqualTo(result.seqNo());
        assertThat(r.readInt()).isEqualTo(result.body().length);
        r.expectEnd();
        long unknown = session.send(new TlWriter()
                .writeInt(ServiceIds.RPC_DROP_ANSWER)
                .writeLong(call)
                .toByteArray());
        ClientSession.Message none = requireResult(session.receiveThrough(ServiceIds.RPC_RESULT), unknown);
        assertThat(none).isNotNull();
        assertThat(resultConstructor(none)).isEqualTo(ServiceIds.RPC_ANSWER_UNKNOWN);
        session.reconnect(dc.address());
        assertThat(resultFor(pingThrough(session), call)).isNull();
    }

    @Test
    void forgetSessionOnCommandStartsANewSessionOnTheNextMessage() throws Exception {
        open();
        warmUp();
        assertThat(dc.sessionCount()).isEqualTo(1);
        assertThat(dc.forgetSession(session.sessionId)).isEqualTo(1);
        assertThat(dc.sessionCount()).isZero();
        long ping = session.send(ClientSession.ping(1));
        List<ClientSession.Message> next = session.receiveThrough(ServiceIds.PONG);
        assertThat(next.get(0).constructorId()).isEqualTo(ServiceIds.NEW_SESSION_CREATED);
        assertThat(next.get(0).reader().readLong()).isEqualTo(ping);
    }

    @Test
    void closeNowEndsTheConnectionButTheSessionGoesOnWithItsUnacknowledgedMessages() throws Exception {
        open();
        List<ClientSession.Message> warm = pingThrough(session);
        dc.faults().closeNow();
        assertThat(session.client.drainToEof()).isZero();
        session.reconnect(dc.address());
        List<ClientSession.Message> next = pingThrough(session);
        assertThat(next.stream().filter(m -> m.constructorId() == ServiceIds.NEW_SESSION_CREATED))
                .extracting(ClientSession.Message::msgId)
                .containsExactly(warm.get(0).msgId()); // the old one again, no new session
        assertThat(next)
                .extracting(ClientSession.Message::msgId)
                .contains(warm.get(0).msgId(), warm.get(1).msgId()); // new_session_created and pong, re-sent
        assertThat(dc.sessionCount()).isEqualTo(1);
    }

    @Test
    void aRefusedFirstMessageDoesNotCreateTheSession() throws Exception {
        open();
        long bad = session.client.msgIds.next(MsgIdKind.CLIENT);
        session.sendRaw(bad, session.seq.next(true), session.salt ^ 1, ClientSession.ping(1));
        assertThat(session.receive())
                .extracting(ClientSession.Message::constructorId)
                .containsExactly(ServiceIds.BAD_SERVER_SALT);
        assertThat(dc.sessionCount()).isZero();
        long ping = session.send(ClientSession.ping(2));
        List<ClientSession.Message> next = session.receiveThrough(ServiceIds.PONG);
        assertThat(next.get(0).constructorId()).isEqualTo(ServiceIds.NEW_SESSION_CREATED);
        assertThat(next.get(0).reader().readLong()).isEqualTo(ping);
    }

    @Test
    void msgsAllInfoAndMsgDetailedInfoFromTheClientAreAcceptedSilently() throws Exception {
        open();
        warmUp();
        session.sendService(new TlWriter()
                .writeInt(ServiceIds.MSGS_ALL_INFO)
                .writeLongVector(List.of(1L, 2L))
                .writeBytes(new byte[] {4, 4})
                .toByteArray());
        session.send(new TlWriter()
                .writeInt(ServiceIds.MSG_NEW_DETAILED_INFO)
                .writeLong(4)
                .writeInt(8)
                .writeInt(0)
                .toByteArray());
        assertThat(pingThrough(session))
                .extracting(ClientSession.Message::constructorId)
                .doesNotContain(ServiceIds.BAD_MSG_NOTIFICATION);
    }

    // ---- counting, batching, listening ----

    @Test
    void executionsCanBeCountedByAnIdentityTheTestChooses() throws Exception {
        open();
        dc.executions().identity(r -> HexFormat.of().formatHex(r.body()));
        session.send(nearestDc());
        session.receiveUntil(ServiceIds.RPC_RESULT);
        session.send(nearestDc());
        session.receiveUntil(ServiceIds.RPC_RESULT);
        assertThat(dc.executions().count(HexFormat.of().formatHex(nearestDc()))).isEqualTo(2);
        assertThat(dc.executions().executedMoreThanOnce()).isEqualTo(1);
        assertThat(dc.executions().distinct()).isEqualTo(1);
        assertThat(dc.executions().toString()).isEqualTo("executed 2 calls, 1 more than once");
    }

    @Test
    void fourOneMegabyteAnswersInOneContainerGoOutInPacketsWithinTheFramingMaximum() throws Exception {
        open();
        int method = 0x0badcafe;
        byte[] big = new byte[1 << 20];
        MiniClient.putIntLe(big, 0, 0x1cb5c415);
        dc.handleRequest(method, r -> RpcAnswer.raw(big));
        warmUp();
        byte[] call = new TlWriter().writeInt(method).toByteArray();
        TlWriter c = new TlWriter().writeInt(ServiceIds.MSG_CONTAINER).writeInt(4);
        long[] ids = new long[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = session.client.msgIds.next(MsgIdKind.CLIENT);
            c.writeLong(ids[i])
                    .writeInt(session.seq.next(true))
                    .writeInt(call.length)
                    .writeRaw(call);
        }
        session.sendRaw(
                session.client.msgIds.next(MsgIdKind.CLIENT), session.seq.next(false), session.salt, c.toByteArray());
        int results = 0;
        int packets = 0;
        while (results < 4) {
            List<ClientSession.Message> packet = session.receive();
            packets++;
            assertThat(session.lastPacketLength).isLessThanOrEqualTo(FrameCodec.DEFAULT_MAX_FRAME);
            results += (int) packet.stream()
                    .filter(m -> m.constructorId() == ServiceIds.RPC_RESULT)
                    .count();
        }
        assertThat(packets).isEqualTo(2);
    }

    @Test
    void batchesSplitAtTheContainerMaximumAndKeepAnOversizedMessageAlone() {
        SentMessage mb = new SentMessage(4, 1, new byte[1 << 20], true, 0);
        assertThat(DcConnection.batches(List.of(mb, mb, mb, mb)))
                .extracting(List::size)
                .containsExactly(3, 1);
        SentMessage huge = new SentMessage(8, 3, new byte[DcConnection.MAX_CONTAINER_BODY + 4], true, 0);
        SentMessage small = new SentMessage(12, 5, new byte[16], true, 0);
        assertThat(DcConnection.batches(List.of(small, huge, small)))
                .extracting(List::size)
                .containsExactly(1, 1, 1);
    }

    @Test
    void theListenBacklogIsLargeByDefaultAndConfigurable() throws Exception {
        assertThat(TestDc.DEFAULT_BACKLOG).isGreaterThanOrEqualTo(2000);
        assertThatThrownBy(() -> TestDc.builder().backlog(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backlog must be positive, got 0");
        dc = TestDc.builder().rsaKey(TestKeys.RSA).backlog(8).build();
        try (MiniClient c = MiniClient.connect(dc.address())) {
            ClientHandshake.complete(c, dc.publicKey(), new SplittableRandom(3), 2);
        }
    }
}
