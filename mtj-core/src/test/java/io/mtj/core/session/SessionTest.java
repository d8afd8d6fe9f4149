package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.mtproto.BadMsgNotification;
import io.mtj.api.mtproto.BadServerSalt;
import io.mtj.api.mtproto.FutureSalts;
import io.mtj.api.mtproto.GetFutureSalts;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.api.mtproto.Ping;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.RpcError;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.core.BadMessageException;
import io.mtj.core.ClientClosedException;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static final long SALT = 0x5a17L;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final byte[] authKey = key();
    private final PipeTransport pipe = new PipeTransport();
    private final MsgIdGenerator clientIds = new MsgIdGenerator(now::get);
    private final FakeServerSide server = new FakeServerSide(pipe, authKey, new MsgIdGenerator(now::get));
    private final List<byte[]> updates = new CopyOnWriteArrayList<>();
    private final CompletableFuture<@Nullable Throwable> closedWith = new CompletableFuture<>();
    private @Nullable Session session;

    private static byte[] key() {
        byte[] k = new byte[256];
        new SplittableRandom(3).nextBytes(k);
        return k;
    }

    private Session session(SessionOptions options, List<FutureSalt> salts) {
        Session s = new Session(
                pipe, authKey, SALT, salts, clientIds, new SplittableRandom(21), options, new SessionHandler() {
                    @Override
                    public void update(byte[] body) {
                        updates.add(body);
                    }

                    @Override
                    public void closed(@Nullable Throwable cause) {
                        closedWith.complete(cause);
                    }
                });
        session = s;
        return s;
    }

    /** Two salts valid around T0, so no get_future_salts goes out unasked. */
    private static List<FutureSalt> salts() {
        int t = (int) T0.getEpochSecond();
        return List.of(new FutureSalt(t - 10, t + 3600, SALT), new FutureSalt(t + 3600, t + 7200, SALT + 1));
    }

    private Session started() {
        Session s = session(SessionOptions.defaults().withPingInterval(Duration.ZERO), salts());
        s.start();
        return s;
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static @Nullable Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure, got a result");
    }

    private static int id(byte[] body) throws TlDecodeException {
        return new TlReader(body).peekInt();
    }

    @Test
    void rpcResultCompletesTheCallAndEnvelopeIsValid() throws Exception {
        Session s = started();
        CompletableFuture<Pong> pong = s.invoke(new Ping(77));
        Envelope sent = server.receive();
        assertThat(sent.salt()).isEqualTo(SALT);
        assertThat(sent.sessionId()).isEqualTo(s.sessionId());
        assertThat(sent.msgId() & 3).isZero();
        assertThat(sent.seqNo()).isEqualTo(1);
        assertThat(sent.body()).isEqualTo(TlWriter.serialize(new Ping(77)));
        server.send(new RpcResult(sent.msgId(), TlWriter.serialize(new Pong(sent.msgId(), 77))));
        assertThat(await(pong)).isEqualTo(new Pong(sent.msgId(), 77));
        assertThat(s.pendingCount()).isZero();
    }

    @Test
    void rpcErrorFailsWithParsedException() throws Exception {
        Session s = started();
        CompletableFuture<Pong> a = s.invoke(new Ping(1));
        Envelope first = server.receive();
        server.send(new RpcResult(first.msgId(), TlWriter.serialize(new RpcError(420, bytes("FLOOD_WAIT_42")))));
        assertThat(failure(a)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(420);
            assertThat(e.floodWaitSeconds()).hasValue(42);
            assertThat(e.migrateDc()).isEmpty();
        });
        CompletableFuture<Pong> b = s.invoke(new Ping(2));
        long id = server.receiveCalls().get(0).msgId();
        server.send(new RpcResult(id, TlWriter.serialize(new RpcError(303, bytes("PHONE_MIGRATE_4")))));
        assertThat(failure(b)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.migrateDc()).hasValue(4);
            assertThat(e.migrateKind()).hasValue("PHONE");
            assertThat(e).hasMessage("rpc_error 303 PHONE_MIGRATE_4");
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void callsQueuedTogetherLeaveInOneContainer() throws Exception {
        Session s = session(SessionOptions.defaults().withPingInterval(Duration.ZERO), salts());
        List<CompletableFuture<?>> futures = s.invokeAll(List.of(new Ping(1), new Ping(2), new Ping(3)));
        s.start();
        Envelope container = server.receive();
        assertThat(id(container.body())).isEqualTo(MsgContainer.ID);
        List<Message> inner = FakeServerSide.messages(container);
        assertThat(inner).hasSize(3);
        assertThat(inner).extracting(Message::seqno).containsExactly(1, 3, 5);
        assertThat(container.seqNo()).isEqualTo(6);
        for (int i = 0; i < 3; i++) {
            assertThat(inner.get(i).body()).isEqualTo(TlWriter.serialize(new Ping(i + 1)));
            assertThat(inner.get(i).msgId()).isLessThan(container.msgId());
            if (i > 0) {
                assertThat(inner.get(i).msgId()).isGreaterThan(inner.get(i - 1).msgId());
            }
        }
        // answer all three inside one server container; the client acks both contained content messages
        List<Message> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long ansId = server.msgIds.next(MsgIdKind.SERVER_RESPONSE);
            answers.add(new Message(
                    ansId,
                    2 * i + 1,
                    TlWriter.serialize(new RpcResult(
                            inner.get(i).msgId(),
                            TlWriter.serialize(new Pong(inner.get(i).msgId(), i + 1))))));
        }
        server.sendNotContent(new MsgContainer(answers));
        for (CompletableFuture<?> f : futures) {
            assertThat(await(f)).isInstanceOf(Pong.class);
        }
        List<Long> acked = new ArrayList<>();
        while (acked.size() < 3) {
            for (Message m : FakeServerSide.messages(server.receive())) {
                if (id(m.body()) == MsgsAck.ID) {
                    acked.addAll(MsgsAck.read(new TlReader(m.body())).msgIds());
                }
            }
        }
        assertThat(acked)
                .containsExactlyElementsOf(answers.stream().map(Message::msgId).toList());
    }

    /** A call with a large, compressible body. */
    static final class BigCall implements TlMethod<Pong> {
        private final byte[] payload;

        BigCall(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public int constructorId() {
            return 0x7abe77ed;
        }

        @Override
        public void serializeBody(TlWriter out) {
            out.writeBytes(payload);
        }

        @Override
        public Pong readResult(TlReader in) throws TlDecodeException {
            return Pong.read(in);
        }
    }

    @Test
    void largeRequestsGoOutGzipped_andGzippedResultsAreInflated() throws Exception {
        Session s = started();
        BigCall call = new BigCall(new byte[4000]);
        CompletableFuture<Pong> f = s.invoke(call);
        Envelope sent = server.receive();
        assertThat(id(sent.body())).isEqualTo(TlGzip.GZIP_PACKED_ID);
        assertThat(sent.body().length).isLessThan(200);
        TlReader packed = new TlReader(sent.body());
        packed.readInt();
        byte[] inflated = packed.readGzipPacked(0).readRemaining();
        assertThat(inflated).isEqualTo(TlWriter.serialize(call));
        server.send(new RpcResult(sent.msgId(), TlGzip.pack(new Pong(sent.msgId(), 9))));
        assertThat(await(f).pingId()).isEqualTo(9);
    }

    @Test
    void smallRequestsAreNotGzipped() throws Exception {
        Session s = started();
        CompletableFuture<Pong> unanswered = s.invoke(new BigCall(new byte[16]));
        assertThat(id(server.receive().body())).isEqualTo(0x7abe77ed);
        assertThat(unanswered).isNotDone();
    }

    @Test
    void badServerSaltStoresTheSaltAndResends() throws Exception {
        Session s = started();
        CompletableFuture<Pong> f = s.invoke(new Ping(5));
        Envelope first = server.receive();
        server.send(new BadServerSalt(first.msgId(), first.seqNo(), 48, 0xabcdefL));
        Envelope envelope = server.receiveCallsEnvelope();
        Message again = FakeServerSide.callIn(envelope);
        assertThat(envelope.salt()).isEqualTo(0xabcdefL);
        assertThat(again.msgId()).isGreaterThan(first.msgId());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(s.serverSalt()).isEqualTo(0xabcdefL);
        server.send(new RpcResult(again.msgId(), TlWriter.serialize(new Pong(again.msgId(), 5))));
        assertThat(await(f).pingId()).isEqualTo(5);
    }

    @Test
    void badMsg16CorrectsTheClockOffsetAndResends() throws Exception {
        Session s = started();
        CompletableFuture<Pong> f = s.invoke(new Ping(6));
        Envelope first = server.receive();
        // the server's clock is 1000 s ahead: its notification's msg_id carries its time
        server.msgIds.offsetMillis(1_000_000);
        long serverId = server.msgIds.next(MsgIdKind.SERVER_RESPONSE);
        assertThat(serverId).isEqualTo(MsgIdGenerator.fromTime(T0.plusSeconds(1000)) | 1);
        server.pipe.toClient.add(server.encrypt(
                0, serverId, 1, TlWriter.serialize(new BadMsgNotification(first.msgId(), first.seqNo(), 16))));
        Message again = FakeServerSide.callIn(server.receiveCallsEnvelope());
        assertThat(s.msgIds().offsetMillis()).isEqualTo(1_000_000);
        assertThat(MsgIdGenerator.toInstant(again.msgId()).getEpochSecond()).isEqualTo(T0.getEpochSecond() + 1000);
        assertThat(again.body()).isEqualTo(first.body());
        server.send(new RpcResult(again.msgId(), TlWriter.serialize(new Pong(again.msgId(), 6))));
        assertThat(await(f).pingId()).isEqualTo(6);
    }

    @Test
    void otherBadMsgCodesFailTheCall() throws Exception {
        Session s = started();
        CompletableFuture<Pong> f = s.invoke(new Ping(7));
        Envelope first = server.receive();
        server.send(new BadMsgNotification(first.msgId(), first.seqNo(), 35));
        assertThat(failure(f))
                .isInstanceOfSatisfying(BadMessageException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(35))
                .hasMessageContaining("odd msg_seqno expected");
    }

    @Test
    void replayedTamperedAndForeignMessagesAreDropped() throws Exception {
        Session s = started();
        server.sessionId = s.sessionId();
        byte[] packet = server.encrypt(0, server.msgIds.next(MsgIdKind.SERVER_NOTICE), 2, updateBody());
        s.receive(packet);
        s.receive(packet); // replay
        byte[] tampered = server.encrypt(0, server.msgIds.next(MsgIdKind.SERVER_NOTICE), 2, updateBody());
        tampered[tampered.length - 1] ^= 1; // breaks msg_key
        s.receive(tampered);
        long saved = server.sessionId;
        server.sessionId = saved + 1;
        s.receive(server.encrypt(0, server.msgIds.next(MsgIdKind.SERVER_NOTICE), 2, updateBody()));
        server.sessionId = saved;
        s.receive(server.encrypt(0, server.msgIds.next(MsgIdKind.CLIENT), 2, updateBody())); // client parity
        s.receive(server.encrypt(0, MsgIdGenerator.fromTime(T0.minusSeconds(400)) | 3, 2, updateBody())); // too old
        s.receive(server.encrypt(0, server.msgIds.next(MsgIdKind.SERVER_NOTICE), 2, updateBody()));
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0)).isEqualTo(updateBody());
    }

    private static byte[] updateBody() {
        // updatesTooLong#e317af7e: an update the session hands on unchanged
        return new byte[] {(byte) 0x7e, (byte) 0xaf, 0x17, (byte) 0xe3};
    }

    @Test
    void newSessionCreatedUpdatesSalt() throws Exception {
        Session s = started();
        server.sessionId = s.sessionId();
        CompletableFuture<Pong> f = s.invoke(new Ping(8));
        Envelope first = server.receive();
        server.send(new NewSessionCreated(first.msgId(), 99, 0x777L));
        server.send(new RpcResult(first.msgId(), TlWriter.serialize(new Pong(first.msgId(), 8))));
        await(f);
        assertThat(s.serverSalt()).isEqualTo(0x777L);
    }

    @Test
    void futureSaltsAreFetchedWhenNoneAreKnown() throws Exception {
        Session s = session(SessionOptions.defaults().withPingInterval(Duration.ZERO), List.of());
        s.start();
        Message m = server.receiveCalls().get(0);
        assertThat(new TlReader(m.body()).peekInt()).isEqualTo(GetFutureSalts.ID);
        int t = (int) T0.getEpochSecond();
        server.send(new FutureSalts(
                m.msgId(),
                t,
                List.of(
                        new io.mtj.api.mtproto.FutureSalt(t + 3600, t + 7200, 0x2222L),
                        new io.mtj.api.mtproto.FutureSalt(t - 60, t + 3600, 0x1111L))));
        for (int i = 0; i < 500 && s.futureSalts().size() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(s.futureSalts()).extracting(FutureSalt::salt).containsExactly(0x1111L, 0x2222L);
        // the writer switches to the salt valid now on its next round
        CompletableFuture<Pong> f = s.invoke(new Ping(3));
        Envelope e = server.receiveCallsEnvelope();
        assertThat(e.salt()).isEqualTo(0x1111L);
        assertThat(f).isNotDone();
    }

    @Test
    void pingDelayDisconnectIsSentAsKeepalive() throws Exception {
        Session s = session(SessionOptions.defaults().withPingInterval(Duration.ofMillis(1)), salts());
        s.start();
        Message m = server.receiveCalls().get(0);
        TlReader in = new TlReader(m.body());
        assertThat(in.readInt()).isEqualTo(io.mtj.api.mtproto.PingDelayDisconnect.ID);
        in.readLong();
        assertThat(in.readInt()).isEqualTo(75);
    }

    @Test
    void connectionLossFailsEveryPendingCall() throws Exception {
        Session s = started();
        CompletableFuture<Pong> a = s.invoke(new Ping(1));
        CompletableFuture<Pong> b = s.invoke(new Ping(2));
        server.receiveCalls();
        pipe.hangUp();
        assertThat(failure(a)).isInstanceOf(ConnectionLostException.class).hasMessageContaining("server hung up");
        assertThat(failure(b)).isInstanceOf(ConnectionLostException.class);
        assertThat(closedWith.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(pipe.isClosed()).isTrue();
        // a session its connection took down says so: "closed" is for close() only
        assertThat(failure(s.invoke(new Ping(3))))
                .isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("server hung up");
    }

    @Test
    void aCallTheWriterHoldsWhenTheSessionEndsFailsAtOnceNotAtItsDeadline() throws Exception {
        // the client's clock parks the writer once it has taken the call and before it files it as pending
        Thread tester = Thread.currentThread();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        MsgIdGenerator parking = new MsgIdGenerator(() -> {
            if (Thread.currentThread() != tester && armed.compareAndSet(true, false)) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return now.get();
        });
        Session s = new Session(
                pipe,
                authKey,
                SALT,
                salts(),
                parking,
                new SplittableRandom(21),
                SessionOptions.defaults().withPingInterval(Duration.ZERO),
                new SessionHandler() {
                    @Override
                    public void closed(@Nullable Throwable cause) {
                        closedWith.complete(cause);
                    }
                });
        session = s;
        s.start();
        armed.set(true);
        CompletableFuture<Pong> call = s.invoke(new Ping(1));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        pipe.hangUp(); // the session ends (no connection follows) while the writer holds the call
        assertThat(closedWith.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(call).isNotDone();
        release.countDown();
        assertThat(failure(call)).isInstanceOf(ConnectionLostException.class).hasMessageContaining("server hung up");
        assertThat(s.pendingCount()).isZero();
    }

    @Test
    void callsThatNeverLeftTheQueueAreHandedBackAndAnotherSessionAnswersThem() throws Exception {
        List<PendingCall<?>> handedBack = new CopyOnWriteArrayList<>();
        CompletableFuture<IOException> handedBackWith = new CompletableFuture<>();
        Session s = new Session(
                pipe,
                authKey,
                SALT,
                salts(),
                clientIds,
                new SplittableRandom(21),
                SessionOptions.defaults().withPingInterval(Duration.ZERO),
                new SessionHandler() {
                    @Override
                    public void unsent(List<PendingCall<?>> calls, IOException error) {
                        handedBack.addAll(calls);
                        handedBackWith.complete(error);
                    }
                });
        session = s;
        pipe.holdSends();
        s.start();
        CompletableFuture<Pong> sent = s.invoke(new Ping(1));
        // the writer is now stuck handing the first call to the socket; the next two stay queued
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pipe.sendsHeld.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(pipe.sendsHeld.get()).isEqualTo(1);
        CompletableFuture<Pong> queued2 = s.invoke(new Ping(2));
        CompletableFuture<Pong> queued3 = s.invoke(new Ping(3));
        pipe.hangUp();

        // the call that reached the transport may have reached the server: it fails, it is not handed back
        assertThat(failure(sent)).isInstanceOf(ConnectionLostException.class);
        assertThat(handedBackWith.get(10, TimeUnit.SECONDS)).isInstanceOf(ConnectionLostException.class);
        assertThat(handedBack).hasSize(2);
        assertThat(handedBack.get(0).future()).isSameAs(queued2);
        assertThat(handedBack.get(1).future()).isSameAs(queued3);
        assertThat(queued2).isNotDone();

        // a new connection's session takes them over, same futures
        PipeTransport pipe2 = new PipeTransport();
        FakeServerSide server2 = new FakeServerSide(pipe2, authKey, new MsgIdGenerator(now::get));
        Session next = new Session(
                pipe2,
                authKey,
                SALT,
                salts(),
                clientIds,
                new SplittableRandom(22),
                SessionOptions.defaults().withPingInterval(Duration.ZERO),
                SessionHandler.NONE);
        try {
            next.adopt(handedBack);
            next.start();
            List<Message> calls = server2.receiveCalls();
            assertThat(calls)
                    .extracting(m -> m.body())
                    .containsExactly(TlWriter.serialize(new Ping(2)), TlWriter.serialize(new Ping(3)));
            for (Message m : calls) {
                TlReader ping = new TlReader(m.body());
                ping.skip(4);
                long pingId = ping.readLong();
                server2.send(new RpcResult(m.msgId(), TlWriter.serialize(new Pong(m.msgId(), pingId))));
            }
            assertThat(await(queued2).pingId()).isEqualTo(2);
            assertThat(await(queued3).pingId()).isEqualTo(3);
            assertThat(next.pendingCount()).isZero();
        } finally {
            next.close();
        }
    }

    @Test
    void closeFailsPendingCallsWithClientClosed() throws Exception {
        Session s = started();
        CompletableFuture<Pong> a = s.invoke(new Ping(1));
        server.receive();
        s.close();
        assertThat(failure(a)).isInstanceOf(ClientClosedException.class);
        assertThat(closedWith.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(pipe.isClosed()).isTrue();
        assertThatThrownBy(() -> await(s.invoke(new Ping(2)))).hasCauseInstanceOf(ClientClosedException.class);
    }
}
