package io.mtj.testdc;

import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * What the DC does with one decrypted client message, whatever connection it came on: the envelope checks
 * (msg_id, salt, seqno), the session it belongs to, containers and gzip_packed, service messages and API calls. It
 * reads and changes only {@link DcState} and the {@link ServerSession}; the answers go back through the connection
 * the message came on ({@link DcConnection#flush}).
 */
final class SessionProtocol {
    private static final System.Logger LOG = System.getLogger(SessionProtocol.class.getName());
    /** Largest number of salts one get_future_salts answer carries. */
    static final int MAX_FUTURE_SALTS = 64;

    private final DcState dc;
    private final Connections connections;

    SessionProtocol(DcState dc, Connections connections) {
        this.dc = dc;
        this.connections = connections;
    }

    /** Handles one decrypted packet {@code plain} (the envelope) received on {@code connection}. */
    void receive(DcConnection connection, long authKeyId, byte[] plain) {
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
            ServerSession session = session(connection, authKeyId, sessionId).session();
            List<DcConnection.Out> out = new ArrayList<>();
            out.add(badMsg(e.msgId(), e.seqNo(), code));
            connection.flush(session, out, List.of());
            return;
        }
        long currentSalt = dc.salt(authKeyId);
        boolean forced = Faults.take(dc.faults().badSalts);
        if (forced || !dc.saltAccepted(authKeyId, envelope.salt())) {
            long newSalt = forced ? dc.rotateSalt(authKeyId) : currentSalt;
            ServerSession session = session(connection, authKeyId, sessionId).session();
            byte[] body = new TlWriter(28)
                    .writeInt(ServiceIds.BAD_SERVER_SALT)
                    .writeLong(envelope.msgId())
                    .writeInt(envelope.seqNo())
                    .writeInt(48)
                    .writeLong(newSalt)
                    .toByteArray();
            connection.flush(session, List.of(new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, false, body)), List.of());
            return;
        }
        SessionTable.Lookup lookup = session(connection, authKeyId, sessionId);
        ServerSession session = lookup.session();
        List<DcConnection.Out> out = new ArrayList<>();
        List<Long> acks = new ArrayList<>();
        if (lookup.created()) {
            out.add(new DcConnection.Out(
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
            process(connection, session, envelope.msgId(), envelope.seqNo(), envelope.body(), out, acks, false, false);
        }
        connection.flush(session, out, acks);
    }

    private SessionTable.Lookup session(DcConnection connection, long authKeyId, long sessionId) {
        SessionTable.Lookup lookup = dc.sessions().lookup(authKeyId, sessionId);
        connections.route(lookup.session().key(), connection);
        return lookup;
    }

    /**
     * Replay and seqno checks for one (top-level or contained) message; false if it must not be processed (an
     * answer may have been queued).
     */
    private boolean accept(ServerSession session, long msgId, int seqNo, byte[] body, List<DcConnection.Out> out) {
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
            DcConnection connection,
            ServerSession session,
            long msgId,
            int seqNo,
            byte[] body,
            List<DcConnection.Out> out,
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
                    container(connection, session, msgId, seqNo, body, out, acks);
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
                    process(connection, session, msgId, seqNo, inner, out, acks, inContainer, true);
                }
                case ServiceIds.MSGS_ACK, ServiceIds.HTTP_WAIT, ServiceIds.MSG_RESEND_REQ -> {}
                case ServiceIds.MSGS_STATE_REQ -> out.add(msgsStateInfo(session, msgId, body));
                case ServiceIds.PING -> out.add(pong(msgId, new TlReader(body, 4, body.length - 4).readLong()));
                case ServiceIds.PING_DELAY_DISCONNECT -> {
                    TlReader in = new TlReader(body, 4, body.length - 4);
                    long pingId = in.readLong();
                    int delay = in.readInt();
                    long now = System.nanoTime();
                    connection.disconnectAt(now + Math.max(0, delay) * 1_000_000_000L);
                    dc.recordPing(new ReceivedPing(pingId, delay, session.sessionId, now));
                    out.add(pong(msgId, pingId));
                }
                case ServiceIds.GET_FUTURE_SALTS -> {
                    int num = new TlReader(body, 4, body.length - 4).readInt();
                    // like pong, future_salts names the request itself (req_msg_id) and is sent bare, not
                    // inside rpc_result; mtcute and Telethon expect it so
                    out.add(new DcConnection.Out(
                            MsgIdKind.SERVER_RESPONSE, true, futureSalts(session.authKeyId, msgId, num)));
                }
                case ServiceIds.DESTROY_SESSION -> {
                    long target = new TlReader(body, 4, body.length - 4).readLong();
                    boolean existed =
                            target != session.sessionId && dc.sessions().remove(session.authKeyId, target);
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

    private void container(
            DcConnection connection,
            ServerSession session,
            long msgId,
            int seqNo,
            byte[] body,
            List<DcConnection.Out> out,
            List<Long> acks)
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
                process(connection, session, innerId, innerSeq, bodies.get(i), out, acks, true, false);
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

    private static DcConnection.Out rpcResult(long reqMsgId, byte[] result) {
        byte[] body = new TlWriter(12 + result.length)
                .writeInt(ServiceIds.RPC_RESULT)
                .writeLong(reqMsgId)
                .writeRaw(result)
                .toByteArray();
        return new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, true, body);
    }

    /** {@code msgs_state_info req_msg_id:long info:string}: one state byte per msg_id asked about. */
    private static DcConnection.Out msgsStateInfo(ServerSession session, long msgId, byte[] body)
            throws TlDecodeException {
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
        return new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, true, answer);
    }

    private static DcConnection.Out pong(long msgId, long pingId) {
        byte[] body = new TlWriter(20)
                .writeInt(ServiceIds.PONG)
                .writeLong(msgId)
                .writeLong(pingId)
                .toByteArray();
        return new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, true, body);
    }

    private static DcConnection.Out badMsg(long msgId, int seqNo, int code) {
        byte[] body = new TlWriter(20)
                .writeInt(ServiceIds.BAD_MSG_NOTIFICATION)
                .writeLong(msgId)
                .writeInt(seqNo)
                .writeInt(code)
                .toByteArray();
        return new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, false, body);
    }
}
