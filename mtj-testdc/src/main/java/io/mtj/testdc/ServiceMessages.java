package io.mtj.testdc;

import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlWriter;
import java.util.List;

/** The service messages the DC writes, each built from its fields (the client's codecs read them back in the tests). */
final class ServiceMessages {
    /** The kind of message a duplicate's msg_detailed_info and the other bare answers are. */
    private static final MsgIdKind RESPONSE = MsgIdKind.SERVER_RESPONSE;

    private ServiceMessages() {}

    static DcConnection.Out rpcResult(long reqMsgId, byte[] result) {
        byte[] body = new TlWriter(12 + result.length)
                .writeInt(ServiceIds.RPC_RESULT)
                .writeLong(reqMsgId)
                .writeRaw(result)
                .toByteArray();
        return new DcConnection.Out(RESPONSE, true, body, reqMsgId);
    }

    static byte[] encode(RpcAnswer answer) {
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

    /** {@code msgs_state_info req_msg_id:long info:string}: one state byte per msg_id asked about. */
    static DcConnection.Out msgsStateInfo(long reqMsgId, byte[] info) {
        byte[] answer = new TlWriter(16 + info.length)
                .writeInt(ServiceIds.MSGS_STATE_INFO)
                .writeLong(reqMsgId)
                .writeBytes(info)
                .toByteArray();
        return new DcConnection.Out(RESPONSE, true, answer, reqMsgId);
    }

    static DcConnection.Out pong(long msgId, long pingId) {
        byte[] body = new TlWriter(20)
                .writeInt(ServiceIds.PONG)
                .writeLong(msgId)
                .writeLong(pingId)
                .toByteArray();
        return new DcConnection.Out(RESPONSE, true, body, msgId);
    }

    static DcConnection.Out badMsg(long msgId, int seqNo, int code) {
        byte[] body = new TlWriter(20)
                .writeInt(ServiceIds.BAD_MSG_NOTIFICATION)
                .writeLong(msgId)
                .writeInt(seqNo)
                .writeInt(code)
                .toByteArray();
        return new DcConnection.Out(RESPONSE, false, body, 0);
    }

    static DcConnection.Out badServerSalt(long msgId, int seqNo, long newSalt) {
        byte[] body = new TlWriter(28)
                .writeInt(ServiceIds.BAD_SERVER_SALT)
                .writeLong(msgId)
                .writeInt(seqNo)
                .writeInt(48)
                .writeLong(newSalt)
                .toByteArray();
        return new DcConnection.Out(RESPONSE, false, body, 0);
    }

    static DcConnection.Out newSessionCreated(long firstMsgId, long uniqueId, long salt) {
        byte[] body = new TlWriter(28)
                .writeInt(ServiceIds.NEW_SESSION_CREATED)
                .writeLong(firstMsgId)
                .writeLong(uniqueId)
                .writeLong(salt)
                .toByteArray();
        return new DcConnection.Out(MsgIdKind.SERVER_NOTICE, true, body, 0);
    }

    /**
     * {@code msg_detailed_info msg_id answer_msg_id bytes status}: the request {@code msgId} was answered already
     * by {@code answerMsgId} of {@code bytes} bytes, which the client may ask for with msg_resend_req. Status is 0.
     */
    static DcConnection.Out msgDetailedInfo(long msgId, long answerMsgId, int bytes) {
        byte[] body = new TlWriter(28)
                .writeInt(ServiceIds.MSG_DETAILED_INFO)
                .writeLong(msgId)
                .writeLong(answerMsgId)
                .writeInt(bytes)
                .writeInt(0)
                .toByteArray();
        return new DcConnection.Out(RESPONSE, false, body, 0);
    }

    /** The DC's acknowledgement of client messages (not content-related). */
    static DcConnection.Out msgsAck(List<Long> msgIds) {
        byte[] ack = new TlWriter(12 + msgIds.size() * 8)
                .writeInt(ServiceIds.MSGS_ACK)
                .writeLongVector(msgIds)
                .toByteArray();
        return new DcConnection.Out(MsgIdKind.SERVER_NOTICE, false, ack, 0);
    }

    static byte[] destroySessionAnswer(boolean existed, long target) {
        return new TlWriter(12)
                .writeInt(existed ? ServiceIds.DESTROY_SESSION_OK : ServiceIds.DESTROY_SESSION_NONE)
                .writeLong(target)
                .toByteArray();
    }

    static byte[] dropAnswer(ServerSession.Drop drop) {
        return switch (drop) {
            case ServerSession.Drop.Unknown u ->
                new TlWriter(4).writeInt(ServiceIds.RPC_ANSWER_UNKNOWN).toByteArray();
            case ServerSession.Drop.Running r ->
                new TlWriter(4).writeInt(ServiceIds.RPC_ANSWER_DROPPED_RUNNING).toByteArray();
            case ServerSession.Drop.Dropped d ->
                new TlWriter(20)
                        .writeInt(ServiceIds.RPC_ANSWER_DROPPED)
                        .writeLong(d.answerMsgId())
                        .writeInt(d.seqNo())
                        .writeInt(d.bytes())
                        .toByteArray();
        };
    }

    /** {@code future_salts req_msg_id now salts}, a bare vector of bare future_salt. */
    static DcConnection.Out futureSalts(long reqMsgId, int now, List<Long> salts) {
        TlWriter out = new TlWriter(20 + salts.size() * 16);
        out.writeInt(ServiceIds.FUTURE_SALTS).writeLong(reqMsgId).writeInt(now).writeInt(salts.size());
        for (int i = 0; i < salts.size(); i++) {
            int since = now + i * TestDc.SALT_PERIOD_SECONDS;
            out.writeInt(since).writeInt(since + TestDc.SALT_PERIOD_SECONDS).writeLong(salts.get(i));
        }
        // like pong, future_salts names the request itself (req_msg_id) and is sent bare, not inside rpc_result;
        // mtcute and Telethon expect it so
        return new DcConnection.Out(RESPONSE, true, out.toByteArray(), reqMsgId);
    }
}
