package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.BadMsgNotification;
import io.mtj.api.mtproto.BadServerSalt;
import io.mtj.api.mtproto.FutureSalts;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.api.mtproto.Ping;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.RpcError;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.core.SessionOptions;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.crypto.Direction;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Server messages that decrypt and authenticate (the peer holds the key) but whose body has one word corrupted: an
 * answer, a gzipped answer, an rpc_error, a container, future salts, a bad salt and a bad-message notice, each with
 * seeded hostile words. Whatever the session makes of them, the pending call ends within seconds (with its result
 * or a typed {@link IOException}), the session, if it ends, ends with an {@link IOException}, and no thread dies of
 * an uncaught exception. Envelopes with a corrupted header (salt, session_id, msg_id, seqno, length) are dropped or
 * harmless, and the call is still answered.
 */
class SessionMutationTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static final long SALT = 0x5a17L;
    private static final int MUTANTS_PER_KIND = 48;
    private static final int[] HOSTILE = {
        0, -1, 0x7fffffff, 0x80000000, 0x1cb5c415, 0x3072cfa1, 0x73f1f8dc, 0xf35c6d01, 0x00fffffe, 0x000000fe
    };

    /** The server messages, each built around the msg_id of the client's pending call. */
    private static List<LongFunction<byte[]>> kinds(FakeServerSide server) {
        int now = (int) T0.getEpochSecond();
        return List.of(
                req -> TlWriter.serialize(new RpcResult(req, TlWriter.serialize(new Pong(req, 77)))),
                req -> TlWriter.serialize(new RpcResult(req, TlGzip.pack(new Pong(req, 77)))),
                req -> TlWriter.serialize(
                        new RpcResult(req, TlWriter.serialize(new RpcError(420, bytes("FLOOD_WAIT_3"))))),
                req -> TlWriter.serialize(new MsgContainer(List.of(
                        new Message(
                                server.msgIds.next(MsgIdKind.SERVER_RESPONSE),
                                0,
                                TlWriter.serialize(new NewSessionCreated(req, 99, SALT + 5))),
                        new Message(
                                server.msgIds.next(MsgIdKind.SERVER_RESPONSE),
                                1,
                                TlWriter.serialize(new RpcResult(req, TlWriter.serialize(new Pong(req, 77)))))))),
                req -> TlWriter.serialize(new FutureSalts(
                        req,
                        now,
                        List.of(
                                new io.mtj.api.mtproto.FutureSalt(now - 10, now + 3600, SALT + 7),
                                new io.mtj.api.mtproto.FutureSalt(now + 3600, now + 7200, SALT + 8)))),
                req -> TlWriter.serialize(new BadServerSalt(req, 1, 48, SALT + 9)),
                req -> TlWriter.serialize(new BadMsgNotification(req, 1, 32)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void corruptedServerMessagesEndThePendingCallAndNeverKillAThreadUntyped() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        SplittableRandom random = new SplittableRandom(0x5e55);
        List<String> failures = new ArrayList<>();
        int runs = 0;
        int answered = 0;
        try {
            int kindCount = kinds(new FakeServerSide(new PipeTransport(), new byte[256], ids()))
                    .size();
            for (int kind = 0; kind < kindCount; kind++) {
                for (int m = 0; m < MUTANTS_PER_KIND; m++) {
                    String outcome = runOne(kind, random);
                    runs++;
                    if (outcome.equals("answered")) {
                        answered++;
                    } else if (!outcome.startsWith("typed")) {
                        failures.add("kind " + kind + " mutant " + m + ": " + outcome);
                    }
                }
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        System.out.printf(
                "session mutation: %d corrupted server messages, %d calls answered, the rest failed typed%n",
                runs, answered);
        assertThat(failures).isEmpty();
        assertThat(uncaught).isEmpty();
        assertThat(answered).isPositive();
    }

    @Test
    void anEnvelopeWithACorruptedHeaderIsDroppedAndTheCallStillAnswered() throws Exception {
        SplittableRandom random = new SplittableRandom(0xe7);
        List<String> failures = new ArrayList<>();
        for (int m = 0; m < 64; m++) {
            Harness h = new Harness();
            try {
                CompletableFuture<Pong> call = h.session.invoke(new Ping(77));
                long req = h.server.receiveCalls().get(0).msgId();
                long id = h.server.msgIds.next(MsgIdKind.SERVER_RESPONSE);
                byte[] answer = TlWriter.serialize(new RpcResult(req, TlWriter.serialize(new Pong(req, 78))));
                byte[] plain =
                        EnvelopeCodec.encode(new Envelope(SALT, h.server.sessionId, id, 1, answer), h.server.random);
                // salt, session_id, msg_id, seqno, length: the eight header words
                int word = random.nextInt(EnvelopeCodec.HEADER_SIZE / 4);
                ByteBuffer buf = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
                int value = random.nextBoolean()
                        ? HOSTILE[random.nextInt(HOSTILE.length)]
                        : buf.getInt(word * 4) ^ (1 << random.nextInt(32));
                buf.putInt(word * 4, value);
                h.pipe.toClient.add(h.server.cipher.encrypt(Direction.SERVER_TO_CLIENT, plain));
                h.server.send(new RpcResult(req, TlWriter.serialize(new Pong(req, 77))));
                try {
                    // either the corrupted envelope was dropped (pong 77) or its change was harmless (pong 78)
                    assertThat(call.get(5, TimeUnit.SECONDS).pingId()).isIn(77L, 78L);
                } catch (TimeoutException e) {
                    failures.add("header word " + word + " = 0x" + Integer.toHexString(value) + ": no answer");
                }
                assertThat(h.closedWith).isNotDone();
            } finally {
                h.close();
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aContainedMessageThatCannotBeReadDoesNotDropTheOthers() throws Exception {
        Harness h = new Harness();
        try {
            CompletableFuture<Pong> call = h.session.invoke(new Ping(77));
            long req = h.server.receiveCalls().get(0).msgId();
            int now = (int) T0.getEpochSecond();
            byte[] salts = TlWriter.serialize(new FutureSalts(
                    4, now, List.of(new io.mtj.api.mtproto.FutureSalt(now - 10, now + 3600, SALT + 7))));
            // after id, req_msg_id and now, the bare vector of salts claims 0x7fffffff entries: unreadable
            ByteBuffer.wrap(salts).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0x7fffffff);
            h.server.sendNotContent(new MsgContainer(List.of(
                    new Message(h.server.msgIds.next(MsgIdKind.SERVER_RESPONSE), 0, salts),
                    new Message(
                            h.server.msgIds.next(MsgIdKind.SERVER_RESPONSE),
                            1,
                            TlWriter.serialize(new RpcResult(req, TlWriter.serialize(new Pong(req, 77))))))));
            assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(new Pong(req, 77));
        } finally {
            h.close();
        }
    }

    private static MsgIdGenerator ids() {
        return new MsgIdGenerator(() -> T0);
    }

    /** A started session over a pipe, with the fake server at the other end. */
    private static final class Harness {
        final PipeTransport pipe = new PipeTransport();
        final FakeServerSide server;
        final CompletableFuture<@Nullable Throwable> closedWith = new CompletableFuture<>();
        final Session session;

        Harness() {
            byte[] authKey = new byte[256];
            new SplittableRandom(3).nextBytes(authKey);
            server = new FakeServerSide(pipe, authKey, ids());
            int now = (int) T0.getEpochSecond();
            session = new Session(
                    pipe,
                    authKey,
                    SALT,
                    List.of(
                            new FutureSalt(now - 10, now + 3600, SALT),
                            new FutureSalt(now + 3600, now + 7200, SALT + 1)),
                    ids(),
                    new SplittableRandom(21),
                    SessionOptions.defaults().withPingInterval(Duration.ZERO),
                    new SessionHandler() {
                        @Override
                        public void update(byte[] body) {}

                        @Override
                        public void closed(@Nullable Throwable cause) {
                            closedWith.complete(cause);
                        }
                    });
            session.start();
        }

        void close() {
            session.close();
            pipe.close();
        }
    }

    /** One session, one call, one corrupted message, then a server that answers every call it gets. */
    private static String runOne(int kind, SplittableRandom random) throws Exception {
        Harness h = new Harness();
        Thread responder = null;
        try {
            CompletableFuture<Pong> call = h.session.invoke(new Ping(77));
            long req = h.server.receiveCalls().get(0).msgId();
            byte[] body = kinds(h.server).get(kind).apply(req);
            h.server.send(mutate(body, random));
            h.server.send(new RpcResult(req, TlWriter.serialize(new Pong(req, 77))));
            responder = Thread.ofVirtual().start(() -> answerEveryPing(h.server, h.pipe));
            String outcome;
            try {
                call.get(5, TimeUnit.SECONDS);
                outcome = "answered";
            } catch (ExecutionException e) {
                outcome = e.getCause() instanceof IOException
                        ? "typed " + e.getCause().getClass().getSimpleName()
                        : "call failed untyped: " + e.getCause();
            } catch (TimeoutException e) {
                outcome = "the call neither completed nor failed within 5 s";
            }
            if (h.closedWith.isDone()) {
                Throwable cause = h.closedWith.getNow(null);
                if (cause != null && !(cause instanceof IOException)) {
                    outcome = "session ended untyped: " + cause;
                }
            }
            return outcome;
        } finally {
            h.close();
            if (responder != null) {
                responder.interrupt();
                responder.join(2000);
            }
        }
    }

    /** Plays the server after the corrupted message: every ping (first or resent) gets its pong. */
    private static void answerEveryPing(FakeServerSide server, PipeTransport pipe) {
        try {
            while (!pipe.isClosed()) {
                byte[] packet = pipe.fromClient.poll(50, TimeUnit.MILLISECONDS);
                if (packet == null) {
                    continue;
                }
                byte[] plain = server.cipher.decrypt(Direction.CLIENT_TO_SERVER, packet);
                Envelope e = EnvelopeCodec.decode(plain, MsgIdKind.Peer.CLIENT, server.msgIds);
                server.sessionId = e.sessionId();
                for (Message m : FakeServerSide.messages(e)) {
                    if (new TlReader(m.body()).peekInt() == Ping.ID) {
                        server.send(new RpcResult(m.msgId(), TlWriter.serialize(new Pong(m.msgId(), 77))));
                    }
                }
            }
        } catch (InterruptedException e) {
            // the run is over
        } catch (Exception e) {
            // a packet the fake server cannot read ends its part; the assertions are on the client
        }
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
