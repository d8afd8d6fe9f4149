package io.mtj.testdc;

import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import java.time.Duration;

/**
 * The service queries the DC answers itself: ping, ping_delay_disconnect, get_future_salts, destroy_session,
 * rpc_drop_answer and msgs_state_req, each in one session on one connection.
 */
final class ServiceQueries {
    /** Most msg_ids one msgs_state_req may ask about (the docs' limit). */
    static final int MAX_STATE_IDS = 8192;

    private final DcState dc;
    private final DcConnection connection;
    private final ServerSession session;

    ServiceQueries(DcState dc, DcConnection connection, ServerSession session) {
        this.dc = dc;
        this.connection = connection;
        this.session = session;
    }

    static boolean isServiceQuery(int id) {
        return id == ServiceIds.PING
                || id == ServiceIds.PING_DELAY_DISCONNECT
                || id == ServiceIds.GET_FUTURE_SALTS
                || id == ServiceIds.DESTROY_SESSION
                || id == ServiceIds.RPC_DROP_ANSWER
                || id == ServiceIds.MSGS_STATE_REQ;
    }

    /** Executes service query {@code id} carried by {@code msgId} and returns its answer. */
    DcConnection.Out answer(int id, long msgId, byte[] body, ReceivedRequest request) throws TlDecodeException {
        TlReader in = new TlReader(body, 4, body.length - 4);
        switch (id) {
            case ServiceIds.PING -> {
                long pingId = in.readLong();
                dc.executions().record(request);
                return ServiceMessages.pong(msgId, pingId);
            }
            case ServiceIds.PING_DELAY_DISCONNECT -> {
                long pingId = in.readLong();
                int delay = in.readInt();
                long now = System.nanoTime();
                connection.disconnectAfter(Duration.ofSeconds(Math.max(0, delay)));
                dc.recordPing(new ReceivedPing(pingId, delay, session.sessionId, now));
                dc.executions().record(request);
                return ServiceMessages.pong(msgId, pingId);
            }
            case ServiceIds.GET_FUTURE_SALTS -> {
                int num = in.readInt();
                int count = Math.max(1, Math.min(num, SessionProtocol.MAX_FUTURE_SALTS));
                return ServiceMessages.futureSalts(msgId, dc.unixTime(), dc.futureSalts(session.authKeyId, count));
            }
            case ServiceIds.DESTROY_SESSION -> {
                long target = in.readLong();
                boolean existed = target != session.sessionId && dc.sessions().remove(session.authKeyId, target);
                // a plain message, as Telegram sends it (mtcute and Telethon match it by session_id), not rpc_result
                return new DcConnection.Out(
                        io.mtj.core.wire.MsgIdKind.SERVER_RESPONSE,
                        true,
                        ServiceMessages.destroySessionAnswer(existed, target),
                        msgId);
            }
            case ServiceIds.RPC_DROP_ANSWER -> {
                long reqMsgId = in.readLong();
                in.expectEnd();
                return ServiceMessages.rpcResult(msgId, ServiceMessages.dropAnswer(session.dropAnswer(reqMsgId)));
            }
            case ServiceIds.MSGS_STATE_REQ -> {
                int n = in.readVectorHeader(8);
                if (n > MAX_STATE_IDS) {
                    throw new TlDecodeException(
                            "msgs_state_req asks about " + n + " msg_ids; at most " + MAX_STATE_IDS + " are allowed");
                }
                byte[] info = new byte[n];
                for (int i = 0; i < n; i++) {
                    info[i] = (byte) session.state(in.readLong());
                }
                in.expectEnd();
                return ServiceMessages.msgsStateInfo(msgId, info);
            }
            default -> throw new IllegalArgumentException("not a service query: 0x" + Integer.toHexString(id));
        }
    }
}
