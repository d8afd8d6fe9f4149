package io.mtj.testdc;

import io.mtj.tl.TlDecodeException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One query (an API call or a service query answered by the DC), its effect, and its execution. */
final class QueryRun {
    private final DcState dc;
    private final Batch batch;
    private final ReceivedMessages.Entry entry;
    private final long msgId;
    private final byte[] body;
    private final int id;
    private final ServerSession session;

    QueryRun(DcState dc, Batch batch, ReceivedMessages.Entry entry, long msgId, byte[] body) {
        this.dc = dc;
        this.batch = batch;
        this.entry = entry;
        this.msgId = msgId;
        this.body = body;
        this.id = TestDc.leInt(body, 0);
        this.session = batch.session;
    }

    void run() throws TlDecodeException {
        RpcAnswer early = null;
        ReceivedRequest request;
        boolean api = !ServiceQueries.isServiceQuery(id);
        if (api) {
            RpcDispatcher.Outcome read = dc.dispatcher().read(body, msgId, session);
            request = read.request();
            early = read.answer();
            if (request == null) {
                batch.out.add(ServiceMessages.rpcResult(
                        msgId,
                        ServiceMessages.encode(early != null ? early : RpcAnswer.error(400, "INPUT_FETCH_ERROR"))));
                return;
            }
        } else {
            request = new ReceivedRequest(
                    id, null, body, msgId, session.sessionId, session.authKeyId, session.layer, session.init, false);
        }
        CallEffect effect = dc.faults().effectFor(request);
        if (!before(effect)) {
            return;
        }
        session.processing(entry);
        if (api) {
            dc.recordRequest(request);
        }
        DcConnection.Out answer;
        if (api) {
            if (early == null) {
                dc.executions().record(request);
                early = dc.dispatcher().answer(request);
            }
            answer = ServiceMessages.rpcResult(msgId, ServiceMessages.encode(early));
        } else {
            answer = new ServiceQueries(dc, batch.connection, session).answer(id, msgId, body, request);
        }
        batch.out.add(answer);
        after(effect);
    }

    /** Applies the part of an effect that comes before execution; false if the request is not executed. */
    private boolean before(@Nullable CallEffect effect) {
        if (effect == CallEffect.Close.BEFORE_EXECUTING) {
            session.unreceive(msgId);
            batch.acks.remove(msgId);
            batch.stop = true;
            batch.close = true;
            return false;
        }
        if (effect instanceof CallEffect.ReadLate) {
            session.unreceive(msgId);
            batch.acks.remove(msgId);
            batch.stop = true;
            batch.close = true;
            dc.faults()
                    .readLate(new Faults.LateRead(
                            session.key(), batch.connection, msgId, entry.seqNo, body, batch.carrier));
            return false;
        }
        if (effect instanceof CallEffect.SkewClock skew) {
            dc.faults().skewClock(skew.skew());
        }
        if (effect == CallEffect.Close.AFTER_ACK) {
            batch.acks.remove(msgId);
            List<Long> ack = List.of(msgId);
            batch.connection.send(session, session.seal(List.of(ServiceMessages.msgsAck(ack)), dc.msgIds()), 0);
            session.acknowledged(ack);
            batch.stop = true;
            batch.close = true;
        }
        return true;
    }

    private void after(@Nullable CallEffect effect) {
        if (effect == CallEffect.Close.AFTER_EXECUTING) {
            batch.stop = true;
            batch.close = true;
        } else if (effect == CallEffect.Close.MID_ANSWER) {
            batch.cutAnswerTo = msgId;
        } else if (effect instanceof CallEffect.ForgetSession) {
            batch.stop = true;
            batch.forget = true;
        }
    }
}
