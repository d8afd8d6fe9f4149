package io.mtj.testdc;

/**
 * Constructor ids of the MTProto service messages and API wrappers the test DC reads and writes itself, taken from
 * the generated API and the TL runtime so they cannot drift from the schema.
 */
final class ServiceIds {
    static final int MSG_CONTAINER = io.mtj.api.mtproto.MsgContainer.ID;
    static final int GZIP_PACKED = io.mtj.tl.TlGzip.GZIP_PACKED_ID;
    static final int MSGS_ACK = io.mtj.api.mtproto.MsgsAck.ID;
    static final int RPC_RESULT = io.mtj.api.mtproto.RpcResult.ID;
    static final int RPC_ERROR = io.mtj.api.mtproto.RpcError.ID;
    static final int PING = io.mtj.api.mtproto.Ping.ID;
    static final int PING_DELAY_DISCONNECT = io.mtj.api.mtproto.PingDelayDisconnect.ID;
    static final int PONG = io.mtj.api.mtproto.Pong.ID;
    static final int BAD_MSG_NOTIFICATION = io.mtj.api.mtproto.BadMsgNotification.ID;
    static final int BAD_SERVER_SALT = io.mtj.api.mtproto.BadServerSalt.ID;
    static final int NEW_SESSION_CREATED = io.mtj.api.mtproto.NewSessionCreated.ID;
    static final int GET_FUTURE_SALTS = io.mtj.api.mtproto.GetFutureSalts.ID;
    static final int FUTURE_SALTS = io.mtj.api.mtproto.FutureSalts.ID;
    static final int FUTURE_SALT = io.mtj.api.mtproto.FutureSalt.ID;
    static final int DESTROY_SESSION = io.mtj.api.mtproto.DestroySession.ID;
    static final int DESTROY_SESSION_OK = io.mtj.api.mtproto.DestroySessionOk.ID;
    static final int DESTROY_SESSION_NONE = io.mtj.api.mtproto.DestroySessionNone.ID;
    static final int HTTP_WAIT = io.mtj.api.mtproto.HttpWait.ID;
    static final int MSGS_STATE_REQ = io.mtj.api.mtproto.MsgsStateReq.ID;
    static final int MSGS_STATE_INFO = io.mtj.api.mtproto.MsgsStateInfo.ID;
    static final int MSG_RESEND_REQ = io.mtj.api.mtproto.MsgResendReq.ID;
    static final int RPC_DROP_ANSWER = io.mtj.api.mtproto.RpcDropAnswer.ID;
    static final int RPC_ANSWER_UNKNOWN = io.mtj.api.mtproto.RpcAnswerUnknown.ID;
    static final int RPC_ANSWER_DROPPED_RUNNING = io.mtj.api.mtproto.RpcAnswerDroppedRunning.ID;
    static final int RPC_ANSWER_DROPPED = io.mtj.api.mtproto.RpcAnswerDropped.ID;
    static final int MSGS_ALL_INFO = io.mtj.api.mtproto.MsgsAllInfo.ID;
    static final int MSG_DETAILED_INFO = io.mtj.api.mtproto.MsgDetailedInfo.ID;
    static final int MSG_NEW_DETAILED_INFO = io.mtj.api.mtproto.MsgNewDetailedInfo.ID;
    static final int MSG_RESEND_ANS_REQ = io.mtj.api.mtproto.MsgResendAnsReq.ID;

    static final int INVOKE_WITH_LAYER = io.mtj.api.telegram.InvokeWithLayer.ID;
    static final int INIT_CONNECTION = io.mtj.api.telegram.InitConnection.ID;
    static final int INVOKE_WITHOUT_UPDATES = io.mtj.api.telegram.InvokeWithoutUpdates.ID;
    static final int INVOKE_AFTER_MSG = io.mtj.api.telegram.InvokeAfterMsg.ID;
    static final int INVOKE_AFTER_MSGS = io.mtj.api.telegram.InvokeAfterMsgs.ID;
    static final int HELP_GET_CONFIG = io.mtj.api.telegram.HelpGetConfig.ID;
    static final int HELP_GET_NEAREST_DC = io.mtj.api.telegram.HelpGetNearestDc.ID;

    static final int VECTOR = io.mtj.tl.TlWriter.VECTOR_ID;

    private ServiceIds() {}

    /**
     * Whether a message with this body may carry either seqno parity: the informational messages about messages,
     * which the docs do not require to be acknowledged and clients send both ways.
     */
    static boolean eitherParity(int constructorId) {
        return constructorId == MSGS_ALL_INFO
                || constructorId == MSG_DETAILED_INFO
                || constructorId == MSG_NEW_DETAILED_INFO
                || constructorId == MSGS_STATE_INFO;
    }

    /** Whether a message with this body needs no acknowledgement (its seqno is even). */
    static boolean isServiceOnly(int constructorId) {
        return constructorId == MSGS_ACK || constructorId == MSG_CONTAINER || constructorId == HTTP_WAIT;
    }
}
