package io.mtj.core.session;

import io.mtj.api.mtproto.HttpWait;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.PingDelayDisconnect;
import io.mtj.api.mtproto.Pong;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.SessionOptions;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.tl.TlWriter;
import io.mtj.transport.FrameSink;
import io.mtj.transport.HttpTransport;
import io.mtj.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a {@link Session}: a virtual reader thread that hands every packet to {@link InboundDispatch},
 * and a virtual writer thread that takes batches from the session's queue, assigns msg_ids and seqnos, packs a
 * {@code msg_container} when there is more than one message, pads, encrypts and sends. It keeps nothing the session
 * needs after it: when it ends, what its writer took and did not write goes back to the queue, and calls it wrote
 * stay the session's to recover.
 */
final class SessionConnection {
    private final Session session;
    private final Transport transport;
    private final int number;
    private final MessageCipher writeCipher;
    private final InboundDispatch inbound;
    private final AtomicBoolean ended = new AtomicBoolean();
    private @Nullable Thread reader;
    private @Nullable Thread writer;
    private long nextPingNanos;
    private long nextCheckNanos;
    /** Calls unanswered this long after their send are asked about again with msgs_state_req. */
    static final long LATE_CALL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    SessionConnection(Session session, Transport transport, int number) {
        this.session = session;
        this.transport = transport;
        this.number = number;
        this.writeCipher = new MessageCipher(session.authKey);
        this.inbound = new InboundDispatch(session, new MessageCipher(session.authKey));
    }

    int number() {
        return number;
    }

    boolean ended() {
        return ended.get();
    }

    InboundDispatch inbound() {
        return inbound;
    }

    void start() {
        String name = Long.toHexString(session.sessionId()) + "-" + number;
        nextPingNanos = System.nanoTime() + session.options.pingInterval().toNanos();
        nextCheckNanos = System.nanoTime() + LATE_CALL_NANOS;
        if (transport instanceof HttpTransport http) {
            // HTTP: the server answers only requests; the transport asks for http_wait when it needs one
            http.poller(maxWait -> session.queue.offerNow(new Outbound(httpWait(maxWait), false, null)));
        }
        writer = Thread.ofVirtual().name("mtj-writer-" + name).start(this::writeLoop);
        reader = Thread.ofVirtual().name("mtj-reader-" + name).start(this::readLoop);
    }

    /**
     * http_wait as tdlib sends it: answer after 30 ms at most once something is ready, gather for 10 ms more, and
     * hold an empty request {@code maxWait} (25 s for the long poll, 0 to fetch what is queued).
     */
    private static byte[] httpWait(Duration maxWait) {
        return TlWriter.serialize(new HttpWait(30, 10, (int) maxWait.toMillis()));
    }

    /** Closes the transport; the threads end by themselves. Does not tell the session. */
    void close() {
        ended.set(true);
        transport.close();
        session.queue.wake();
    }

    /** Waits (bounded) for both threads, unless called from one of them. */
    void join() {
        Thread self = Thread.currentThread();
        for (Thread t : new Thread[] {reader, writer}) {
            if (t != null && t != self) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void fail(Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        transport.close();
        session.queue.wake();
        session.connectionEnded(this, cause);
    }

    // ---------------------------------------------------------------- writer

    private void writeLoop() {
        try {
            while (!ended.get()) {
                OutboundQueue.Batch batch = session.queue.take(
                        Math.max(1, session.options.maxContainerMessages() - 1),
                        session.options.maxContainerBytes(),
                        session.options.ackDelay(),
                        ended::get);
                if (batch == null) {
                    return;
                }
                if (ended.get()) {
                    if (!session.queue.pushFront(batch.messages())) {
                        // the session ended while this writer held them: they must not wait for their deadlines
                        EndingCalls.failTaken(batch.messages(), session.endReason());
                    }
                    return;
                }
                maintain();
                if (!batch.messages().isEmpty() || !batch.acks().isEmpty()) {
                    write(batch);
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            fail(new ConnectionLostException("writer interrupted", e));
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private void write(OutboundQueue.Batch batch) throws IOException {
        int count = batch.messages().size();
        List<Message> inner = new ArrayList<>(count + 1);
        long[] filedIds = new long[count];
        PendingCall<?>[] filed = new PendingCall<?>[count];
        int n = 0;
        for (Outbound out : batch.messages()) {
            PendingCall<?> call = out.call();
            if (call != null) {
                if (call.future().isDone()) {
                    continue;
                }
                if (call.boundTo() != 0 && call.boundTo() != number) {
                    call.fail(new ConnectionLostException("the connection the call belonged to was lost"));
                    continue;
                }
                if (call.countSend() > Session.MAX_SENDS) {
                    call.fail(new ConnectionLostException(
                            "call " + call.method().getClass().getSimpleName()
                                    + " was sent " + Session.MAX_SENDS + " times without an answer; "
                                    + io.mtj.core.wire.ClockSkew.describe(session.msgIds.offsetMillis())));
                    continue;
                }
            }
            long id = session.msgIds.next();
            int seq = session.seqNo().next(out.contentRelated());
            if (call != null) {
                call.msgId(id);
                call.sentOn(number);
                filedIds[n] = id;
                filed[n++] = call;
            }
            if (out.written() != null) {
                out.written().accept(id);
            }
            inner.add(new Message(id, seq, out.body()));
        }
        session.pending.putAll(filedIds, filed, n); // before the packet leaves, so its answer finds them
        for (int i = 0; i < n; i++) {
            PendingCall<?> call = filed[i];
            if (call.future().isDone()) {
                session.pending.remove(filedIds[i], call);
            } else if (session.isClosed()) {
                // the session ended after this writer took the call and may have failed its pending calls
                // already: this one must not wait for its deadline in a table nobody looks at any more
                call.fail(session.endReason());
            }
        }
        if (!batch.acks().isEmpty()) {
            inner.add(new Message(
                    session.msgIds.next(), session.seqNo().next(false), TlWriter.serialize(new MsgsAck(batch.acks()))));
        }
        if (inner.isEmpty()) {
            return;
        }
        if (inner.size() == 1) {
            Message only = inner.get(0);
            send(only.msgId(), only.seqno(), only.body());
            return;
        }
        long containerId = session.msgIds.next();
        List<Long> ids = new ArrayList<>(inner.size());
        for (Message m : inner) {
            ids.add(m.msgId());
        }
        session.containers.remember(containerId, ids);
        send(containerId, session.seqNo().next(false), TlWriter.serialize(new MsgContainer(inner)));
    }

    private void send(long msgId, int seq, byte[] body) throws IOException {
        byte[] plain = EnvelopeCodec.encode(
                new Envelope(session.salts.salt(), session.sessionId(), msgId, seq, body),
                session.random,
                session.options.extraPaddingBlocks());
        transport.send(writeCipher.encrypt(Direction.CLIENT_TO_SERVER, plain));
    }

    /** Writer-side housekeeping: keepalive ping, late calls, salt rotation, salt prefetch. */
    private void maintain() {
        SessionOptions options = session.options;
        if (System.nanoTime() - nextCheckNanos >= 0) {
            nextCheckNanos = System.nanoTime() + LATE_CALL_NANOS;
            session.recovery.askAboutLateCalls(LATE_CALL_NANOS);
        }
        if (!options.pingInterval().isZero() && System.nanoTime() - nextPingNanos >= 0) {
            nextPingNanos = System.nanoTime() + options.pingInterval().toNanos();
            PendingCall<Pong> ping = session.intake.prepare(
                    new PingDelayDisconnect(session.random.nextLong(), options.disconnectDelay()));
            ping.bindTo(number);
            session.queue.offerNow(new Outbound(ping.body(), true, ping));
        }
        long now = session.msgIds.now().getEpochSecond();
        if (session.salts.rotate(now)) {
            session.handler.stateChanged();
        }
        if (session.salts.shouldFetch(now)) {
            session.intake.fetchFutureSalts(number);
        }
    }

    // ---------------------------------------------------------------- reader

    private void readLoop() {
        FrameSink sink = new FrameSink() {
            @Override
            public void packet(byte[] payload, boolean quickAckRequested) {
                inbound.receive(payload);
            }

            @Override
            public void quickAck(int token) {
                // quick acks only confirm delivery; the answer still comes as rpc_result
            }
        };
        try {
            while (!ended.get()) {
                transport.receive(sink);
            }
        } catch (IOException | RuntimeException | Error e) {
            fail(e);
        }
    }
}
