package io.mtj.testdc;

import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.PlainMessage;
import io.mtj.core.wire.PlainMessageCodec;
import io.mtj.crypto.Digests;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import io.mtj.transport.Frame;
import io.mtj.transport.FramedTransport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection of the test DC: reads packets on its own virtual thread, runs the key exchange for
 * unencrypted messages and the encrypted session for the others, and writes answers under a lock (updates pushed
 * from other threads share it).
 */
final class DcConnection {
    private static final System.Logger LOG = System.getLogger(DcConnection.class.getName());
    /** Largest number of salts one get_future_salts answer carries. */
    static final int MAX_FUTURE_SALTS = 64;

    /** One message the DC is about to send. */
    record Out(MsgIdKind kind, boolean contentRelated, byte[] body) {}

    private final TestDc dc;
    private final FramedTransport transport;
    private final ByteBudgetWire budget;
    private final DhExchange dh;
    private final Map<Long, MessageCipher> readCiphers = new HashMap<>();
    private final Map<Long, MessageCipher> writeCiphers = new HashMap<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final List<byte[]> held = new ArrayList<>();
    private int holdTarget;
    private volatile long disconnectAtNanos;
    private volatile boolean closed;

    DcConnection(TestDc dc, FramedTransport transport, ByteBudgetWire budget) {
        this.dc = dc;
        this.transport = transport;
        this.budget = budget;
        this.dh = new DhExchange(dc.dhContext());
    }

    ByteBudgetWire budget() {
        return budget;
    }

    /** Reads and answers packets until the client leaves or the DC closes. */
    void run() {
        try {
            while (!closed) {
                Frame frame = transport.receive();
                if (!(frame instanceof Frame.Packet packet)) {
                    continue;
                }
                dc.awaitStall();
                if (closed) {
                    break;
                }
                int error = dc.faults().errorOnNextPacket.getAndSet(0);
                if (error != 0) {
                    sendErrorAndClose(error);
                    break;
                }
                handlePacket(packet.payload(), packet.quickAckRequested());
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "test DC connection failed; closing it", e);
        } finally {
            close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** HTTP: a request of this connection waits for its answer. */
    boolean httpAwaiting() {
        return transport.httpAwaiting();
    }

    void close() {
        closed = true;
        transport.close();
        dc.connectionClosed(this);
    }

    /** Sends a transport error frame, then closes. */
    void sendErrorAndClose(int code) {
        try {
            transport.sendError(code);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not send transport error: " + e.getMessage());
        }
        close();
    }

    /** Closes the connection if a ping_delay_disconnect deadline has passed. */
    void checkDisconnectDeadline(long nowNanos) {
        long at = disconnectAtNanos;
        if (at != 0 && nowNanos - at >= 0) {
            close();
        }
    }

    private void handlePacket(byte[] packet, boolean quickAck) throws IOException {
        if (packet.length < 8) {
            LOG.log(Level.DEBUG, "test DC: packet of " + packet.length + " bytes is too short; closing");
            sendErrorAndClose(-404);
            return;
        }
        long authKeyId = TestDc.leLong(packet, 0);
        if (authKeyId == 0) {
            handlePlain(packet);
        } else {
            handleEncrypted(authKeyId, packet, quickAck);
        }
    }

    private void handlePlain(byte[] packet) {
        byte[] reply;
        DhExchange exchange;
        try {
            PlainMessage message = PlainMessageCodec.decode(packet, MsgIdKind.Peer.CLIENT);
            // over HTTP each step may come on another connection (a proxy may close after every answer)
            exchange = transport.framing() == io.mtj.transport.Framing.HTTP ? dc.httpKeyExchange(message.body()) : dh;
            reply = exchange.handle(message.body());
        } catch (InvalidMessageException e) {
            dc.handshakeFailed(
                    new HandshakeException(HandshakeException.Reason.MALFORMED, String.valueOf(e.getMessage()), e));
            sendErrorAndClose(-404);
            return;
        } catch (HandshakeException e) {
            dc.handshakeFailed(e);
            sendErrorAndClose(-404);
            return;
        }
        DhExchange.Result done = exchange.result();
        if (done != null) {
            dc.keyCreated(done);
        }
        sendLock.lock();
        try {
            send(PlainMessageCodec.encode(new PlainMessage(dc.msgIds().next(MsgIdKind.SERVER_RESPONSE), reply)));
        } catch (IOException e) {
            close();
        } finally {
            sendLock.unlock();
        }
    }

    private void handleEncrypted(long authKeyId, byte[] packet, boolean quickAck) throws IOException {
        byte[] authKey = dc.authKey(authKeyId);
        if (authKey == null) {
            LOG.log(Level.DEBUG, () -> "test DC: unknown auth_key_id 0x" + Long.toHexString(authKeyId));
            sendErrorAndClose(-404);
            return;
        }
        MessageCipher cipher = readCiphers.computeIfAbsent(authKeyId, k -> new MessageCipher(authKey));
        byte[] plain;
        try {
            plain = cipher.decrypt(Direction.CLIENT_TO_SERVER, packet);
        } catch (SecurityCheckException e) {
            LOG.log(Level.DEBUG, () -> "test DC: dropping connection: " + e.getMessage());
            sendErrorAndClose(-404);
            return;
        }
        if (quickAck) {
            sendQuickAck(authKey, plain);
        }
        long sessionId = plain.length >= 16 ? TestDc.leLong(plain, 8) : 0;
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(plain, MsgIdKind.Peer.CLIENT, dc.msgIds());
        } catch (InvalidMessageException e) {
            int code = e.reason().badMsgCode();
            if (code == 0) {
                LOG.log(Level.DEBUG, () -> "test DC: dropping message: " + e.getMessage());
                return;
            }
            ServerSession session = dc.session(authKeyId, sessionId, this).session();
            List<Out> out = new ArrayList<>();
            out.add(badMsg(e.msgId(), e.seqNo(), code));
            flush(session, out, List.of());
            return;
        }
        long currentSalt = dc.salt(authKeyId);
        boolean forced = Faults.take(dc.faults().badSalts);
        if (forced || !dc.saltAccepted(authKeyId, envelope.salt())) {
            long newSalt = forced ? dc.rotateSalt(authKeyId) : currentSalt;
            ServerSession session = dc.session(authKeyId, sessionId, this).session();
            byte[] body = new TlWriter(28)
                    .writeInt(ServiceIds.BAD_SERVER_SALT)
                    .writeLong(envelope.msgId())
                    .writeInt(envelope.seqNo())
                    .writeInt(48)
                    .writeLong(newSalt)
                    .toByteArray();
            flush(session, List.of(new Out(MsgIdKind.SERVER_RESPONSE, false, body)), List.of());
            return;
        }
        TestDc.SessionLookup lookup = dc.session(authKeyId, sessionId, this);
        ServerSession session = lookup.session();
        List<Out> out = new ArrayList<>();
        List<Long> acks = new ArrayList<>();
        if (lookup.created()) {
            out.add(new Out(
                    MsgIdKind.SERVER_NOTICE,
                    true,
                    new TlWriter(28)
                            .writeInt(ServiceIds.NEW_SESSION_CREATED)
                            .writeLong(envelope.msgId())
                            .writeLong(dc.randomLong())
                            .writeLong(currentSalt)
                            .toByteArray()));
        }
        if (accept(session, envelope.msgId(), envelope.seqNo(), envelope.body(), out)) {
            process(session, envelope.msgId(), envelope.seqNo(), envelope.body(), out, acks, false, false);
        }
        flush(session, out, acks);
    }

    /**
     * Answers a packet sent with the quick-ack bit: the first 32 bits (little-endian) of {@code SHA256(substr(auth_key,
     * 88, 32) + plaintext)}, the value the client computed for its msg_key, with bit 31 set by the framing.
     */
    private void sendQuickAck(byte[] authKey, byte[] plain) {
        byte[] hash = Digests.sha256(java.util.Arrays.copyOfRange(authKey, 88, 120), plain);
        sendLock.lock();
        try {
            transport.sendQuickAck(TestDc.leInt(hash, 0));
        } catch (IOException e) {
            close();
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Replay and seqno checks for one (top-level or contained) message; false if it must not be processed (an
     * answer may have been queued).
     */
    private boolean accept(ServerSession session, long msgId, int seqNo, byte[] body, List<Out> out) {
        try {
            session.replay.accept(msgId, seqNo);
        } catch (InvalidMessageException e) {
            LOG.log(Level.DEBUG, () -> "test DC: dropping replayed msg_id 0x" + Long.toHexString(msgId));
            return false;
        }
        if (body.length < 4) {
            out.add(badMsg(msgId, seqNo, 64));
            return false;
        }
        boolean serviceOnly = ServiceIds.isServiceOnly(TestDc.leInt(body, 0));
        boolean odd = (seqNo & 1) == 1;
        if (serviceOnly && odd) {
            out.add(badMsg(msgId, seqNo, 34));
            return false;
        }
        if (!serviceOnly && !odd) {
            out.add(badMsg(msgId, seqNo, 35));
            return false;
        }
        // A container only carries messages (each checked on its own), so its seqno is not ordered against theirs.
        if (TestDc.leInt(body, 0) != ServiceIds.MSG_CONTAINER) {
            int code = session.acceptSeqNo(msgId, seqNo);
            if (code != 0) {
                out.add(badMsg(msgId, seqNo, code));
                return false;
            }
        }
        return true;
    }

    private void process(
            ServerSession session,
            long msgId,
            int seqNo,
            byte[] body,
            List<Out> out,
            List<Long> acks,
            boolean inContainer,
            boolean inflated) {
        int id = TestDc.leInt(body, 0);
        if ((seqNo & 1) == 1) {
            acks.add(msgId);
        }
        try {
            switch (id) {
                case ServiceIds.MSG_CONTAINER -> {
                    if (inContainer) {
                        out.add(badMsg(msgId, seqNo, 64));
                        return;
                    }
                    container(session, msgId, seqNo, body, out, acks);
                }
                case ServiceIds.GZIP_PACKED -> {
                    if (inflated) {
                        out.add(badMsg(msgId, seqNo, 64));
                        return;
                    }
                    TlReader in = new TlReader(body);
                    in.readInt();
                    byte[] inner = in.readGzipPacked(0).readRemaining();
                    in.expectEnd();
                    if (inner.length < 4) {
                        out.add(badMsg(msgId, seqNo, 64));
                        return;
                    }
                    acks.remove(msgId);
                    process(session, msgId, seqNo, inner, out, acks, inContainer, true);
                }
                case ServiceIds.MSGS_ACK, ServiceIds.MSG_RESEND_REQ -> {}
                case ServiceIds.HTTP_WAIT -> {
                    // over HTTP, hold this request's answer up to max_wait (capped at a minute) while nothing is due
                    int maxWait = new TlReader(body, 12, body.length - 12).readInt();
                    transport.httpHold(java.time.Duration.ofMillis(Math.min(Math.max(maxWait, 0), 60_000)));
                    if (maxWait > 0) {
                        DcConnection previous = session.httpPoll;
                        session.httpPoll = this;
                        if (previous != null && previous != this) {
                            // what waited on the session's former long poll connection goes out here
                            handOver(previous.transport.takeHttpQueued());
                        }
                        List<Out> backlog = new ArrayList<>();
                        for (byte[] update; (update = session.httpBacklog.poll()) != null; ) {
                            backlog.add(new Out(MsgIdKind.SERVER_NOTICE, true, update));
                        }
                        if (!backlog.isEmpty()) {
                            flush(session, backlog, List.of());
                        }
                    }
                }
                case ServiceIds.MSGS_STATE_REQ -> out.add(msgsStateInfo(session, msgId, body));
                case ServiceIds.PING -> out.add(pong(msgId, new TlReader(body, 4, body.length - 4).readLong()));
                case ServiceIds.PING_DELAY_DISCONNECT -> {
                    TlReader in = new TlReader(body, 4, body.length - 4);
                    long pingId = in.readLong();
                    int delay = in.readInt();
                    long now = System.nanoTime();
                    disconnectAtNanos = now + Math.max(0, delay) * 1_000_000_000L;
                    dc.recordPing(new ReceivedPing(pingId, delay, session.sessionId, now));
                    out.add(pong(msgId, pingId));
                }
                case ServiceIds.GET_FUTURE_SALTS -> {
                    int num = new TlReader(body, 4, body.length - 4).readInt();
                    // like pong, future_salts names the request itself (req_msg_id) and is sent bare, not
                    // inside rpc_result; mtcute and Telethon expect it so
                    out.add(new Out(MsgIdKind.SERVER_RESPONSE, true, futureSalts(session.authKeyId, msgId, num)));
                }
                case ServiceIds.DESTROY_SESSION -> {
                    long target = new TlReader(body, 4, body.length - 4).readLong();
                    boolean existed = target != session.sessionId && dc.destroySession(session.authKeyId, target);
                    byte[] answer = new TlWriter(12)
                            .writeInt(existed ? ServiceIds.DESTROY_SESSION_OK : ServiceIds.DESTROY_SESSION_NONE)
                            .writeLong(target)
                            .toByteArray();
                    out.add(rpcResult(msgId, answer));
                }
                case ServiceIds.RPC_DROP_ANSWER ->
                    out.add(rpcResult(
                            msgId,
                            new TlWriter(4)
                                    .writeInt(ServiceIds.RPC_ANSWER_UNKNOWN)
                                    .toByteArray()));
                default -> {
                    RpcDispatcher.Outcome outcome = dc.dispatcher().dispatch(body, msgId, session);
                    ReceivedRequest request = outcome.request();
                    if (request != null) {
                        dc.recordRequest(request);
                    }
                    out.add(rpcResult(msgId, encode(outcome.answer())));
                }
            }
        } catch (TlDecodeException e) {
            LOG.log(
                    Level.DEBUG,
                    () -> "test DC: malformed message 0x" + Long.toHexString(msgId) + ": " + e.getMessage());
            out.add(badMsg(msgId, seqNo, 64));
        }
    }

    private void container(ServerSession session, long msgId, int seqNo, byte[] body, List<Out> out, List<Long> acks)
            throws TlDecodeException {
        TlReader in = new TlReader(body, 4, body.length - 4);
        int count = in.readVectorCount(16);
        List<long[]> heads = new ArrayList<>(count);
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long innerId = in.readLong();
            int innerSeq = in.readInt();
            int length = in.readInt();
            if (length < 0 || (length & 3) != 0 || length > in.remaining()) {
                out.add(badMsg(msgId, seqNo, 64));
                return;
            }
            heads.add(new long[] {innerId, innerSeq});
            bodies.add(in.readRaw(length));
        }
        in.expectEnd();
        for (int i = 0; i < count; i++) {
            long innerId = heads.get(i)[0];
            int innerSeq = (int) heads.get(i)[1];
            if ((innerId & 3) != 0) {
                out.add(badMsg(innerId, innerSeq, 18));
                continue;
            }
            if (innerId >= msgId) {
                out.add(badMsg(innerId, innerSeq, 64));
                continue;
            }
            if (accept(session, innerId, innerSeq, bodies.get(i), out)) {
                process(session, innerId, innerSeq, bodies.get(i), out, acks, true, false);
            }
        }
    }

    private byte[] futureSalts(long authKeyId, long reqMsgId, int num) {
        int count = Math.max(1, Math.min(num, MAX_FUTURE_SALTS));
        int now = dc.unixTime();
        TlWriter out = new TlWriter(20 + count * 16);
        // salts:vector<future_salt> is a bare vector of bare future_salt: no constructor ids inside
        out.writeInt(ServiceIds.FUTURE_SALTS).writeLong(reqMsgId).writeInt(now).writeInt(count);
        List<Long> salts = dc.futureSalts(authKeyId, count);
        for (int i = 0; i < count; i++) {
            int since = now + i * TestDc.SALT_PERIOD_SECONDS;
            out.writeInt(since).writeInt(since + TestDc.SALT_PERIOD_SECONDS).writeLong(salts.get(i));
        }
        return out.toByteArray();
    }

    private static byte[] encode(RpcAnswer answer) {
        return switch (answer) {
            case RpcAnswer.Result r -> r.boxed();
            case RpcAnswer.Error e ->
                new TlWriter(64)
                        .writeInt(ServiceIds.RPC_ERROR)
                        .writeInt(e.code())
                        .writeString(e.message())
                        .toByteArray();
        };
    }

    private static Out rpcResult(long reqMsgId, byte[] result) {
        byte[] body = new TlWriter(12 + result.length)
                .writeInt(ServiceIds.RPC_RESULT)
                .writeLong(reqMsgId)
                .writeRaw(result)
                .toByteArray();
        return new Out(MsgIdKind.SERVER_RESPONSE, true, body);
    }

    /** {@code msgs_state_info req_msg_id:long info:string}: one state byte per msg_id asked about. */
    private static Out msgsStateInfo(ServerSession session, long msgId, byte[] body) throws TlDecodeException {
        TlReader in = new TlReader(body, 4, body.length - 4);
        List<Long> ids = in.readLongVector();
        in.expectEnd();
        byte[] info = new byte[ids.size()];
        for (int i = 0; i < info.length; i++) {
            info[i] = (byte) session.state(ids.get(i));
        }
        byte[] answer = new TlWriter(16 + info.length)
                .writeInt(ServiceIds.MSGS_STATE_INFO)
                .writeLong(msgId)
                .writeBytes(info)
                .toByteArray();
        return new Out(MsgIdKind.SERVER_RESPONSE, true, answer);
    }

    private static Out pong(long msgId, long pingId) {
        byte[] body = new TlWriter(20)
                .writeInt(ServiceIds.PONG)
                .writeLong(msgId)
                .writeLong(pingId)
                .toByteArray();
        return new Out(MsgIdKind.SERVER_RESPONSE, true, body);
    }

    private static Out badMsg(long msgId, int seqNo, int code) {
        byte[] body = new TlWriter(20)
                .writeInt(ServiceIds.BAD_MSG_NOTIFICATION)
                .writeLong(msgId)
                .writeInt(seqNo)
                .writeInt(code)
                .toByteArray();
        return new Out(MsgIdKind.SERVER_RESPONSE, false, body);
    }

    /**
     * Encrypts and sends {@code messages} (plus an ack of {@code acks}) in {@code session}: one message alone, several
     * in a msg_container.
     */
    void flush(ServerSession session, List<Out> messages, List<Long> acks) {
        List<Out> all = new ArrayList<>(messages);
        if (!acks.isEmpty()) {
            byte[] ack = new TlWriter(12 + acks.size() * 8)
                    .writeInt(ServiceIds.MSGS_ACK)
                    .writeLongVector(acks)
                    .toByteArray();
            all.add(new Out(MsgIdKind.SERVER_NOTICE, false, ack));
        }
        if (all.isEmpty() || closed) {
            return;
        }
        sendLock.lock();
        session.lock.lock();
        try {
            long msgId;
            int seqNo;
            byte[] body;
            if (all.size() == 1) {
                Out only = all.get(0);
                msgId = dc.msgIds().next(only.kind());
                seqNo = session.outSeq.next(only.contentRelated());
                body = only.body();
            } else {
                TlWriter container = new TlWriter();
                container.writeInt(ServiceIds.MSG_CONTAINER).writeInt(all.size());
                boolean anyResponse = false;
                for (Out m : all) {
                    anyResponse |= m.kind() == MsgIdKind.SERVER_RESPONSE;
                    container.writeLong(dc.msgIds().next(m.kind()));
                    container.writeInt(session.outSeq.next(m.contentRelated()));
                    container.writeInt(m.body().length);
                    container.writeRaw(m.body());
                }
                msgId = dc.msgIds().next(anyResponse ? MsgIdKind.SERVER_RESPONSE : MsgIdKind.SERVER_NOTICE);
                seqNo = session.outSeq.next(false);
                body = container.toByteArray();
            }
            long salt = dc.salt(session.authKeyId);
            byte[] plain = EnvelopeCodec.encode(new Envelope(salt, session.sessionId, msgId, seqNo, body), dc.random());
            byte[] authKey = dc.authKey(session.authKeyId);
            if (authKey == null) {
                return;
            }
            MessageCipher cipher = writeCiphers.computeIfAbsent(session.authKeyId, k -> new MessageCipher(authKey));
            send(cipher.encrypt(Direction.SERVER_TO_CLIENT, plain));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: send failed: " + e.getMessage());
            close();
        } finally {
            session.lock.unlock();
            sendLock.unlock();
        }
    }

    /** Sends one packet, applying the duplicate and reorder faults. Called with the send lock held. */
    private void send(byte[] packet) throws IOException {
        Faults faults = dc.faults();
        if (holdTarget == 0) {
            int n = faults.reorders.getAndSet(0);
            if (n > 1) {
                holdTarget = n;
            }
        }
        if (holdTarget > 0) {
            held.add(packet);
            if (held.size() < holdTarget) {
                return;
            }
            holdTarget = 0;
            List<byte[]> batch = new ArrayList<>(held);
            held.clear();
            for (int i = batch.size() - 1; i >= 0; i--) {
                sendOnce(batch.get(i), faults);
            }
            return;
        }
        sendOnce(packet, faults);
    }

    private void handOver(List<byte[]> packets) {
        sendLock.lock();
        try {
            for (byte[] packet : packets) {
                transport.send(packet);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: handing HTTP answers over failed: " + e.getMessage());
            close();
        } finally {
            sendLock.unlock();
        }
    }

    private void sendOnce(byte[] packet, Faults faults) throws IOException {
        transport.send(packet);
        if (Faults.take(faults.duplicates)) {
            transport.send(packet);
        }
    }
}
