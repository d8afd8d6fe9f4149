package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.BadMsgNotification;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.MsgsStateInfo;
import io.mtj.api.mtproto.MsgsStateReq;
import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.api.mtproto.Ping;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.RpcDropAnswer;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.SessionOptions;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session outlives its connections: the calls of a lost connection are recovered on the next one the protocol's
 * way (msgs_state_req, then per status re-send, wait, msg_resend_ans_req or "outcome unknown"). The server is played by
 * hand, so every status and every message the client sends in answer is checked exactly.
 */
class SessionRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static final long SALT = 0x5A17L;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final byte[] authKey = key();
    private final MsgIdGenerator serverIds = new MsgIdGenerator(now::get);
    private final Session session = new Session(
            authKey,
            SALT,
            salts(),
            new MsgIdGenerator(now::get),
            new SplittableRandom(5),
            SessionOptions.defaults().withPingInterval(Duration.ZERO),
            new SessionHandler() {
                @Override
                public boolean connectionLost(Throwable cause) {
                    return true; // another connection will come
                }
            });

    private static byte[] key() {
        byte[] k = new byte[256];
        new SplittableRandom(3).nextBytes(k);
        return k;
    }

    private static List<FutureSalt> salts() {
        int t = (int) T0.getEpochSecond();
        return List.of(new FutureSalt(t - 10, t + 7200, SALT), new FutureSalt(t + 7200, t + 9000, SALT + 1));
    }

    @AfterEach
    void close() {
        session.close();
    }

    private FakeServerSide connect() {
        PipeTransport pipe = new PipeTransport();
        FakeServerSide server = new FakeServerSide(pipe, authKey, serverIds);
        session.attach(pipe);
        return server;
    }

    /** The server hangs up; returns once the session saw it. */
    private void lose(FakeServerSide server) throws Exception {
        server.pipe.hangUp();
        assertThat(session.done().get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(session.connected()).isFalse();
        assertThat(session.isClosed()).isFalse();
    }

    private static @Nullable Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got a result");
    }

    private static int id(byte[] body) throws Exception {
        return new TlReader(body).peekInt();
    }

    /** The next non-ack message the client sends, which must be of type {@code type}. */
    private static Message next(FakeServerSide server, int constructorId) throws Exception {
        Message m = server.receiveCalls().get(0);
        assertThat(Integer.toHexString(id(m.body()))).isEqualTo(Integer.toHexString(constructorId));
        return m;
    }

    /** A call sent on connection 1, lost with it; connection 2 is attached and its msgs_state_req checked. */
    private record Lost(CompletableFuture<Pong> call, long firstMsgId, FakeServerSide server, long stateReqId) {}

    private Lost sentThenLost() throws Exception {
        FakeServerSide first = connect();
        CompletableFuture<Pong> call = session.invoke(new Ping(7));
        Message sent = next(first, Ping.ID);
        lose(first);
        FakeServerSide second = connect();
        Message ask = next(second, MsgsStateReq.ID);
        assertThat(ask.body()).isEqualTo(TlWriter.serialize(new MsgsStateReq(List.of(sent.msgId()))));
        assertThat(ask.seqno() & 1).isEqualTo(1);
        return new Lost(call, sent.msgId(), second, ask.msgId());
    }

    @Test
    void notReceivedIsSentAgainUnderANewMsgIdAndAnswered() throws Exception {
        Lost lost = sentThenLost();
        lost.server.send(new MsgsStateInfo(lost.stateReqId, new byte[] {2}));
        Message again = next(lost.server, Ping.ID);
        assertThat(again.body()).isEqualTo(TlWriter.serialize(new Ping(7)));
        assertThat(again.msgId()).isGreaterThan(lost.firstMsgId);
        lost.server.send(new RpcResult(again.msgId(), TlWriter.serialize(new Pong(again.msgId(), 7))));
        assertThat(lost.call.get(10, TimeUnit.SECONDS).pingId()).isEqualTo(7);
        assertThat(session.pendingCount()).isZero();
    }

    @Test
    void forgottenEndsAsOutcomeUnknownAndIsNotSentAgain() throws Exception {
        Lost lost = sentThenLost();
        lost.server.send(new MsgsStateInfo(lost.stateReqId, new byte[] {1}));
        assertThat(failure(lost.call))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessage("whether the server executed Ping cannot be known: the server no longer remembers msg 0x"
                        + Long.toHexString(lost.firstMsgId) + " (msgs_state_info status 1)");
        // what the client sends next is a new call, not the old one again
        CompletableFuture<Pong> other = session.invoke(new Ping(8));
        Message m = next(lost.server, Ping.ID);
        assertThat(m.body()).isEqualTo(TlWriter.serialize(new Ping(8)));
        other.cancel(false);
    }

    /**
     * "Answer generated" for our own request: the client asks for the answer with msg_resend_ans_req naming the
     * request (msg_resend_req would name the server's messages, and Telegram answers it with msgs_state_info).
     */
    @Test
    void anAnswerGeneratedIsAskedForWithMsgResendAnsReqNamingTheRequest() throws Exception {
        Lost lost = sentThenLost();
        lost.server.send(new MsgsStateInfo(lost.stateReqId, new byte[] {4 | 8 | 32 | 64}));
        Message resend = next(lost.server, 0x8610baeb);
        ByteBuffer expected = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(0x8610baeb).putInt(0x1cb5c415).putInt(1).putLong(lost.firstMsgId);
        assertThat(resend.body()).isEqualTo(expected.array());
        lost.server.send(new RpcResult(lost.firstMsgId, TlWriter.serialize(new Pong(lost.firstMsgId, 7))));
        assertThat(lost.call.get(10, TimeUnit.SECONDS).pingId()).isEqualTo(7);
    }

    @Test
    void receivedAndNotAnsweredWaitsForTheAnswer() throws Exception {
        Lost lost = sentThenLost();
        lost.server.send(new MsgsStateInfo(lost.stateReqId, new byte[] {4 | 8 | 32}));
        Thread.sleep(200);
        assertThat(lost.call).isNotDone();
        while (!lost.server.pipe.fromClient.isEmpty()) { // at most the ack of the state info: nothing re-sent
            for (Message m : FakeServerSide.messages(lost.server.receive())) {
                assertThat(id(m.body())).isEqualTo(MsgsAck.ID);
            }
        }
        lost.server.send(new RpcResult(lost.firstMsgId, TlWriter.serialize(new Pong(lost.firstMsgId, 7))));
        assertThat(lost.call.get(10, TimeUnit.SECONDS).pingId()).isEqualTo(7);
    }

    /**
     * The server re-sends an answer the client got but could not acknowledge before the connection broke: the repeat
     * (same msg_id) completes nothing twice and is acknowledged again, so the server stops re-sending it.
     */
    @Test
    void aRepeatedAnswerIsAcknowledgedAgainAndCompletesNothingTwice() throws Exception {
        FakeServerSide first = connect();
        CompletableFuture<Pong> call = session.invoke(new Ping(9));
        Message sent = next(first, Ping.ID);
        byte[] answer = TlWriter.serialize(new RpcResult(sent.msgId(), TlWriter.serialize(new Pong(sent.msgId(), 9))));
        long answerId = serverIds.next(MsgIdKind.SERVER_RESPONSE);
        first.pipe.toClient.add(first.encrypt(0, answerId, 1, answer));
        assertThat(call.get(10, TimeUnit.SECONDS).pingId()).isEqualTo(9);
        lose(first); // before the ack (sent within ackDelay, 1 s) left
        FakeServerSide second = connect();
        second.sessionId = session.sessionId();
        second.pipe.toClient.add(second.encrypt(0, answerId, 1, answer)); // the server's re-send, same msg_id
        List<Long> acked = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!acked.contains(answerId) && System.nanoTime() < deadline) {
            for (Message m : FakeServerSide.messages(second.receive())) {
                if (id(m.body()) == MsgsAck.ID) {
                    acked.addAll(MsgsAck.read(new TlReader(m.body())).msgIds());
                }
            }
        }
        assertThat(acked).contains(answerId);
        assertThat(session.pendingCount()).isZero();
    }

    /**
     * A call sent before a new_session_created's first_msg_id may have run in the session the server forgot: the client
     * asks about it, and "not received" ends it as unknown instead of sending it again.
     */
    @Test
    void newSessionCreatedAboveACallAsksAboutItAndNotReceivedEndsItAsUnknown() throws Exception {
        Lost lost = sentThenLost();
        lost.server.send(new NewSessionCreated(lost.stateReqId, 42, SALT + 5));
        Message ask = next(lost.server, MsgsStateReq.ID);
        assertThat(ask.body()).isEqualTo(TlWriter.serialize(new MsgsStateReq(List.of(lost.firstMsgId))));
        assertThat(lost.call).isNotDone();
        // the answer to the question asked on reconnecting says "not received" too: not a reason to send it again
        lost.server.send(new MsgsStateInfo(lost.stateReqId, new byte[] {2}));
        assertThat(failure(lost.call))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("the server started a new session at msg 0x" + Long.toHexString(lost.stateReqId)
                        + ", after msg 0x" + Long.toHexString(lost.firstMsgId) + " was sent")
                .hasMessageContaining("(msgs_state_info status 2)");
        lost.server.send(new MsgsStateInfo(ask.msgId(), new byte[] {2}));
        Thread.sleep(200);
        while (!lost.server.pipe.fromClient.isEmpty()) { // acks at most: the call is not sent again
            for (Message m : FakeServerSide.messages(lost.server.receive())) {
                assertThat(id(m.body())).isNotEqualTo(Ping.ID);
            }
        }
    }

    /**
     * Over HTTP a later message can reach the server first on another connection and start the session: the earlier
     * call is still on its way, the server says it received it, and its answer completes it.
     */
    @Test
    void aCallOvertakenByTheMessageThatStartedTheSessionIsAnsweredWhenItArrives() throws Exception {
        Lost lost = sentThenLost();
        lost.server.send(new NewSessionCreated(lost.stateReqId, 42, SALT + 5));
        Message ask = next(lost.server, MsgsStateReq.ID);
        lost.server.send(new MsgsStateInfo(ask.msgId(), new byte[] {4}));
        Thread.sleep(200);
        assertThat(lost.call).isNotDone();
        lost.server.send(new RpcResult(lost.firstMsgId, TlWriter.serialize(new Pong(lost.firstMsgId, 7))));
        assertThat(lost.call.get(10, TimeUnit.SECONDS).pingId()).isEqualTo(7);
        assertThat(session.pendingCount()).isZero();
    }

    @Test
    void badMsg20EndsTheCallAsUnknown() throws Exception {
        FakeServerSide server = connect();
        CompletableFuture<Pong> call = session.invoke(new Ping(3));
        Message sent = next(server, Ping.ID);
        server.send(new BadMsgNotification(sent.msgId(), sent.seqno(), 20));
        assertThat(failure(call))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("bad_msg_notification 20");
    }

    @Test
    void cancellingASentCallSendsRpcDropAnswer() throws Exception {
        FakeServerSide server = connect();
        CompletableFuture<Pong> call = session.invoke(new Ping(4));
        Message sent = next(server, Ping.ID);
        call.cancel(false);
        Message drop = next(server, RpcDropAnswer.ID);
        assertThat(drop.body()).isEqualTo(TlWriter.serialize(new RpcDropAnswer(sent.msgId())));
    }

    @Test
    void callsMadeWhileDisconnectedGoOutOnTheNextConnection() throws Exception {
        FakeServerSide first = connect();
        lose(first);
        CompletableFuture<Pong> call = session.invoke(new Ping(5));
        Thread.sleep(100);
        assertThat(call).isNotDone();
        FakeServerSide second = connect();
        Message m = next(second, Ping.ID);
        second.send(new RpcResult(m.msgId(), TlWriter.serialize(new Pong(m.msgId(), 5))));
        assertThat(call.get(10, TimeUnit.SECONDS).pingId()).isEqualTo(5);
    }

    /** Calls tied to a connection (initConnection) fail with it at once, with the cause, instead of waiting. */
    @Test
    void aCallTiedToTheConnectionFailsWithItAsLost() throws Exception {
        FakeServerSide first = connect();
        CompletableFuture<Pong> bound = session.invokeOnThisConnection(new Ping(6));
        next(first, Ping.ID);
        lose(first);
        assertThat(failure(bound)).isInstanceOf(ConnectionLostException.class).hasMessageContaining("server hung up");
    }

    /**
     * A call tied to the connection that was still queued, not written, when the connection ended fails at once too:
     * no writer of that connection will take it (before, initConnection waited here for its deadline while the
     * reconnection waited for the connect).
     */
    @Test
    void aQueuedCallTiedToTheConnectionFailsWithItToo() throws Exception {
        PipeTransport pipe = new PipeTransport();
        pipe.holdSends();
        session.attach(pipe);
        CompletableFuture<Pong> beingWritten = session.invoke(new Ping(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pipe.sendsHeld.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        CompletableFuture<Pong> queued = session.invokeOnThisConnection(new Ping(2));
        pipe.close();
        assertThat(failure(queued)).isInstanceOf(ConnectionLostException.class);
        assertThat(beingWritten).isNotDone(); // the caller's call waits for the next connection
    }
}
