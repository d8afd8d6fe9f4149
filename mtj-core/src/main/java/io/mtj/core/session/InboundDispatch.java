package io.mtj.core.session;

import io.mtj.api.mtproto.BadMsgNotification;
import io.mtj.api.mtproto.BadServerSalt;
import io.mtj.api.mtproto.DestroySession;
import io.mtj.api.mtproto.DestroySessionNone;
import io.mtj.api.mtproto.DestroySessionOk;
import io.mtj.api.mtproto.FutureSalts;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgDetailedInfo;
import io.mtj.api.mtproto.MsgNewDetailedInfo;
import io.mtj.api.mtproto.MsgResendAnsReq;
import io.mtj.api.mtproto.MsgResendReq;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.MsgsAllInfo;
import io.mtj.api.mtproto.MsgsStateInfo;
import io.mtj.api.mtproto.MsgsStateReq;
import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.RpcError;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.core.BadMessageException;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.wire.ClockSkew;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.SeqNoCounter;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a {@link Session} does with each packet its connection reads: decrypt and check it (auth_key_id and msg_key
 * by {@link MessageCipher}; session_id, msg_id parity, padding and length by {@link EnvelopeCodec}; the 300 s / 30 s
 * msg_id window; replays, inside containers too), then act on it. A message failing a check is dropped and logged;
 * a {@code bad_msg_notification} outside the time window is still read, since it is how the server reports that our
 * clock is off; an authenticated message more than 30 s ahead corrects our clock (which is then behind the server's
 * by less than the server's own 300 s tolerance, so the server would never say so) and is read. A repeated content-related message is acknowledged again (the server re-sends answers whose ack it
 * did not get, for instance when the ack was lost with a connection) but not acted on twice.
 *
 * <p>One rule for what cannot be read: a call never waits for an answer that has already come and been thrown
 * away. An undecodable message is dropped alone; an {@code rpc_result} naming a pending call whose result cannot be
 * read fails that call with the {@link TlDecodeException}. Kept apart from the session because it only reads: all it
 * changes goes through the session's methods.
 */
final class InboundDispatch {
    private static final System.Logger LOG = Session.LOG;

    private final Session session;
    private final MessageCipher readCipher;

    InboundDispatch(Session session, MessageCipher readCipher) {
        this.session = session;
        this.readCipher = readCipher;
    }

    void receive(byte[] packet) {
        byte[] plain;
        try {
            plain = readCipher.decrypt(Direction.SERVER_TO_CLIENT, packet);
        } catch (SecurityCheckException e) {
            LOG.log(Level.WARNING, "dropped an encrypted message: {0}", e.getMessage());
            return;
        }
        Envelope envelope;
        MsgIdGenerator msgIds = session.msgIds;
        try {
            envelope = EnvelopeCodec.decode(plain, MsgIdKind.Peer.SERVER, session.sessionId(), null);
            MsgIdGenerator.Window window = msgIds.checkWindow(envelope.msgId());
            if (window == MsgIdGenerator.Window.TOO_NEW) {
                // it passed msg_key with our auth key, so the server sent it, and only a server whose clock is ahead
                // makes such an id (a replay can only carry an older one): our clock is behind, which the server
                // never reports while our ids stay inside its 300 s window
                long ahead = (envelope.msgId() >>> 32) - msgIds.now().getEpochSecond();
                msgIds.correctFrom(envelope.msgId());
                LOG.log(
                        Level.INFO,
                        "clock corrected from a server msg_id {0} s ahead: {1}",
                        ahead,
                        ClockSkew.describe(msgIds.offsetMillis()));
                session.handler.stateChanged();
            } else if (window != MsgIdGenerator.Window.OK && !isBadMsgNotification(envelope.body())) {
                EnvelopeCodec.decode(plain, MsgIdKind.Peer.SERVER, session.sessionId(), msgIds);
            }
        } catch (InvalidMessageException e) {
            LOG.log(Level.WARNING, "dropped a message: {0}", e.getMessage());
            return;
        }
        if (!firstTime(envelope.msgId(), envelope.seqNo())) {
            return;
        }
        dispatchOrDrop(envelope.msgId(), envelope.seqNo(), envelope.body(), true);
    }

    /** Records a received msg_id; a repeat is acknowledged again (if content-related) and reported false. */
    private boolean firstTime(long msgId, int seqNo) {
        try {
            session.replay.accept(msgId, seqNo);
            return true;
        } catch (InvalidMessageException e) {
            if (SeqNoCounter.isContentRelated(seqNo)) {
                session.queue.ack(msgId);
            }
            LOG.log(Level.DEBUG, "dropped a repeated message: {0}", e.getMessage());
            return false;
        }
    }

    private void dispatchOrDrop(long msgId, int seq, byte[] body, boolean topLevel) {
        try {
            if (SeqNoCounter.isContentRelated(seq)) {
                session.queue.ack(msgId);
            }
            handle(msgId, body, topLevel, false);
        } catch (TlDecodeException e) {
            LOG.log(
                    Level.WARNING,
                    "dropped an undecodable message 0x{0}: {1}",
                    Long.toHexString(msgId),
                    e.getMessage());
        }
    }

    private static boolean isBadMsgNotification(byte[] body) {
        if (body.length < 4) {
            return false;
        }
        int id = (body[0] & 0xff) | (body[1] & 0xff) << 8 | (body[2] & 0xff) << 16 | (body[3] & 0xff) << 24;
        return id == BadMsgNotification.ID;
    }

    private void handle(long msgId, byte[] body, boolean topLevel, boolean inflated) throws TlDecodeException {
        SessionOptions options = session.options;
        TlReader in = new TlReader(body, 0, body.length, options.registry(), options.maxInflated());
        int id = in.readInt();
        switch (id) {
            case MsgContainer.ID -> {
                if (!topLevel) {
                    throw new TlDecodeException(
                            "msg_container nested in a container (msg 0x" + Long.toHexString(msgId) + ")");
                }
                for (Message m : MsgContainer.readBody(in).messages()) {
                    if (!MsgIdKind.sentBy(m.msgId(), MsgIdKind.Peer.SERVER)) {
                        LOG.log(
                                Level.WARNING,
                                "dropped contained message 0x{0} with client parity",
                                Long.toHexString(m.msgId()));
                        continue;
                    }
                    if (firstTime(m.msgId(), m.seqno())) {
                        dispatchOrDrop(m.msgId(), m.seqno(), m.body(), false);
                    }
                }
            }
            case TlGzip.GZIP_PACKED_ID -> {
                if (inflated) {
                    throw new TlDecodeException("nested gzip_packed in msg 0x" + Long.toHexString(msgId));
                }
                handle(msgId, in.readGzipPacked(0).readRemaining(), false, true);
            }
            case RpcResult.ID -> result(RpcResult.readBody(in));
            case BadServerSalt.ID -> {
                BadServerSalt bad = BadServerSalt.readBody(in);
                session.salts.replace(bad.newServerSalt(), session.msgIds.now().getEpochSecond());
                session.handler.stateChanged();
                session.recovery.resend(bad.badMsgId());
            }
            case BadMsgNotification.ID -> badMessage(msgId, BadMsgNotification.readBody(in));
            case NewSessionCreated.ID -> {
                NewSessionCreated created = NewSessionCreated.readBody(in);
                session.salts.use(created.serverSalt());
                session.recovery.serverStartedNewSession(created.firstMsgId());
                session.handler.stateChanged();
                session.handler.newSession(created);
            }
            case MsgsAck.ID -> {
                // acknowledgements of our messages need no action: answers still arrive as rpc_result
            }
            case Pong.ID -> answer(Pong.readBody(in).msgId(), body);
            case FutureSalts.ID -> answer(FutureSalts.readBody(in).reqMsgId(), body);
            case MsgsStateInfo.ID -> {
                MsgsStateInfo info = MsgsStateInfo.readBody(in);
                session.recovery.stateInfo(info.reqMsgId(), info.info());
            }
            case MsgDetailedInfo.ID -> {
                MsgDetailedInfo info = MsgDetailedInfo.readBody(in);
                detailedInfo(info.msgId(), info.answerMsgId());
            }
            case MsgNewDetailedInfo.ID ->
                detailedInfo(0, MsgNewDetailedInfo.readBody(in).answerMsgId());
            case DestroySessionOk.ID -> destroyed(DestroySessionOk.readBody(in).sessionId(), body);
            case DestroySessionNone.ID ->
                destroyed(DestroySessionNone.readBody(in).sessionId(), body);
            case MsgResendReq.ID, MsgResendAnsReq.ID, MsgsStateReq.ID, MsgsAllInfo.ID ->
                LOG.log(Level.DEBUG, "ignored service message 0x{0}", Integer.toHexString(id));
            default -> session.handler.update(body);
        }
    }

    /**
     * msg_detailed_info / msg_new_detailed_info: the server has an answer {@code answerMsgId} it will not send unasked.
     * If it answers a call still waiting ({@code reqMsgId}, 0 when not named), ask for it; else acknowledge it.
     */
    private void detailedInfo(long reqMsgId, long answerMsgId) {
        PendingCall<?> call = reqMsgId == 0 ? null : session.pending.get(reqMsgId);
        if (reqMsgId == 0 || (call != null && !call.future().isDone())) {
            session.queue.offerNow(
                    new Outbound(TlWriter.serialize(new MsgResendReq(List.of(answerMsgId))), true, null));
        } else {
            session.queue.ack(answerMsgId);
        }
    }

    /**
     * Completes the call an rpc_result answers. Once the call has left the pending table it is always completed or
     * failed here: a result that cannot be read (a corrupt gzip_packed or rpc_error) fails it with the {@link
     * TlDecodeException} rather than leaving it to its deadline.
     */
    private void result(RpcResult result) {
        SessionOptions options = session.options;
        PendingCall<?> call = session.pending.remove(result.reqMsgId());
        if (call == null) {
            LOG.log(Level.DEBUG, "rpc_result for unknown msg 0x{0}", Long.toHexString(result.reqMsgId()));
            return;
        }
        byte[] bytes = result.result();
        try {
            TlReader in = new TlReader(bytes, 0, bytes.length, options.registry(), options.maxInflated());
            int id = in.peekInt();
            if (id == TlGzip.GZIP_PACKED_ID) {
                in.readInt();
                bytes = in.readGzipPacked(0).readRemaining();
                in = new TlReader(bytes, 0, bytes.length, options.registry(), options.maxInflated());
                id = bytes.length >= 4 ? in.peekInt() : 0;
            }
            if (id == RpcError.ID) {
                in.readInt();
                RpcError error = RpcError.readBody(in);
                call.fail(
                        new RpcException(error.errorCode(), new String(error.errorMessage(), StandardCharsets.UTF_8)));
                return;
            }
        } catch (TlDecodeException e) {
            call.fail(e);
            return;
        }
        call.complete(bytes, options.registry(), options.maxInflated());
    }

    /**
     * destroy_session's answer: Telegram sends it as a message of its own naming the session, not as an rpc_result,
     * so it completes the waiting destroy_session call for that session (an rpc_result form is answered as usual).
     */
    private void destroyed(long sessionId, byte[] body) {
        for (PendingCall<?> call : session.pending.snapshot()) {
            if (call.method() instanceof DestroySession d && d.sessionId() == sessionId) {
                answer(call.msgId(), body);
                return;
            }
        }
        LOG.log(Level.DEBUG, "destroy_session answer for a session no call asked about");
    }

    /** A service answer that names the request by msg_id outside rpc_result (pong, future_salts). */
    private void answer(long reqMsgId, byte[] body) {
        PendingCall<?> call = session.pending.remove(reqMsgId);
        if (call != null) {
            call.complete(body, session.options.registry(), session.options.maxInflated());
        }
    }

    private void badMessage(long serverMsgId, BadMsgNotification bad) {
        int code = bad.errorCode();
        switch (code) {
            case 16, 17 -> {
                session.msgIds.correctFrom(serverMsgId);
                LOG.log(
                        Level.INFO,
                        "clock corrected by bad_msg_notification {0}: {1}",
                        code,
                        ClockSkew.describe(session.msgIds.offsetMillis()));
                session.handler.stateChanged();
                session.recovery.resend(bad.badMsgId());
            }
            case 20 -> session.recovery.forgotten(bad.badMsgId(), code);
            case 32, 33 -> session.renew(bad.badMsgId(), code);
            default -> {
                BadMessageException error = new BadMessageException(code, bad.badMsgId());
                for (long id : session.containers.expand(bad.badMsgId())) {
                    PendingCall<?> call = session.pending.remove(id);
                    if (call != null) {
                        call.fail(error);
                    }
                }
            }
        }
    }
}
