package io.mtj.testdc;

import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the DC does with one decrypted client message, whatever connection it came on: the envelope checks (msg_id,
 * salt, seqno), the session it belongs to, duplicates, containers and gzip_packed, service messages and API calls,
 * and the {@link CallEffect}s attached to a call. It reads and changes only {@link DcState} and the {@link
 * ServerSession}; the answers go back through the connection the message came on.
 *
 * <p>Every content-related answer is sealed (given its msg_id and seqno) and kept by the session before it is
 * written, so an answer that never reached the client is re-sent on the session's next connection, and a
 * duplicate msg_id is answered from what was kept: a request is never executed twice.
 */
final class SessionProtocol {
    private static final System.Logger LOG = System.getLogger(SessionProtocol.class.getName());
    /** Largest number of salts one get_future_salts answer carries. */
    static final int MAX_FUTURE_SALTS = 64;
    /** The longest an HTTP request is held for its http_wait. */
    static final long MAX_HTTP_WAIT_MILLIS = 60_000;

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
            reply(connection, authKeyId, sessionId, ServiceMessages.badMsg(e.msgId(), e.seqNo(), code));
            return;
        }
        long currentSalt = dc.salt(authKeyId);
        boolean forced = Faults.take(dc.faults().badSalts);
        if (forced || !dc.saltAccepted(authKeyId, envelope.salt())) {
            long newSalt = forced ? dc.rotateSalt(authKeyId) : currentSalt;
            reply(
                    connection,
                    authKeyId,
                    sessionId,
                    ServiceMessages.badServerSalt(envelope.msgId(), envelope.seqNo(), newSalt));
            return;
        }
        SessionTable.Lookup lookup = dc.sessions().lookup(authKeyId, sessionId);
        ServerSession session = lookup.session();
        if (connection.http()) {
            // before anything can be pushed: a push that comes before the session's first long poll waits for it
            session.http.speaksHttp();
        }
        boolean moved = connections.route(session.key(), connection);
        Batch batch = new Batch(connection, session);
        if (lookup.created()) {
            batch.out.add(ServiceMessages.newSessionCreated(envelope.msgId(), dc.randomLong(), currentSalt));
        }
        batch.moved = moved && !lookup.created();
        batch.carrier = envelope.msgId();
        handle(batch, envelope.msgId(), envelope.seqNo(), envelope.body(), false);
        finish(batch);
    }

    /**
     * Sends one answer that needs no session state (bad_msg_notification, bad_server_salt). A refused message does
     * not create a session: for an unknown session id the answer is sealed in a session that is not kept, so the
     * first accepted message still gets new_session_created.
     */
    private void reply(DcConnection connection, long authKeyId, long sessionId, DcConnection.Out out) {
        ServerSession session = dc.sessions().get(authKeyId, sessionId);
        if (session == null) {
            session = new ServerSession(authKeyId, sessionId, 1, 0, AnswerBudget.unbounded());
        }
        connection.send(session, session.seal(List.of(out), dc.msgIds()), 0);
    }

    private void finish(Batch batch) {
        ServerSession session = batch.session;
        if (batch.forget) {
            dc.sessions().remove(session.authKeyId, session.sessionId);
            return;
        }
        List<DcConnection.Out> all = new ArrayList<>(batch.out);
        if (!batch.acks.isEmpty() && !batch.close) {
            all.add(ServiceMessages.msgsAck(batch.acks));
            session.acknowledged(batch.acks);
        }
        Map<Long, SentMessage> send = new LinkedHashMap<>();
        if (batch.moved) {
            session.unacknowledged().forEach(m -> send.put(m.msgId(), m));
        }
        batch.resend.forEach(m -> send.put(m.msgId(), m));
        List<SentMessage> sealed = session.seal(all, dc.msgIds());
        if (batch.close) {
            batch.connection.close();
            return;
        }
        sealed.forEach(m -> send.put(m.msgId(), m));
        batch.connection.send(session, new ArrayList<>(send.values()), batch.cutAnswerTo);
        if (batch.stateReported) {
            readLate(batch);
        }
    }

    /**
     * The {@link CallEffect#readLate()} moment: a msgs_state_info has gone out on this connection, so the requests a
     * lagging reader of another connection of the session held back are handled now, on that (closed) connection.
     */
    private void readLate(Batch batch) {
        for (Faults.LateRead late : dc.faults().takeLateReads(batch.session.key(), batch.connection)) {
            Batch lagging = new Batch(late.from(), batch.session);
            lagging.carrier = late.carrier();
            handle(lagging, late.msgId(), late.seqNo(), late.body(), false);
            finish(lagging);
        }
    }

    /** One top-level or contained message: parity, duplicate, forgotten and seqno checks, then processing. */
    private void handle(Batch batch, long msgId, int seqNo, byte[] body, boolean inContainer) {
        if (batch.stop) {
            return;
        }
        if (body.length < 4) {
            invalidContainer(batch, msgId, seqNo, "a message body of " + body.length + " bytes");
            return;
        }
        int id = TestDc.leInt(body, 0);
        boolean odd = (seqNo & 1) == 1;
        boolean oddAck = id == ServiceIds.MSGS_ACK && odd;
        if (oddAck) {
            // mtcute 0.30.3 sends msgs_ack with an odd seqno; Telegram accepts it, so the DC does too
            LOG.log(
                    Level.DEBUG,
                    () -> "test DC: accepting msgs_ack 0x" + Long.toHexString(msgId) + " with odd seqno " + seqNo
                            + " (Telegram tolerates it)");
        } else if (!ServiceIds.eitherParity(id)) {
            boolean serviceOnly = ServiceIds.isServiceOnly(id);
            if (serviceOnly && odd) {
                batch.out.add(ServiceMessages.badMsg(msgId, seqNo, 34));
                return;
            }
            if (!serviceOnly && !odd) {
                batch.out.add(ServiceMessages.badMsg(msgId, seqNo, 35));
                return;
            }
        }
        // A container only carries messages (each checked on its own), so its seqno is not ordered against theirs.
        boolean ordered = id != ServiceIds.MSG_CONTAINER && !oddAck;
        switch (batch.session.receive(msgId, seqNo, ordered, batch.carrier)) {
            case ServerSession.Receipt.Fresh fresh ->
                process(batch, fresh.entry(), msgId, seqNo, body, inContainer, false);
            case ServerSession.Receipt.Duplicate dup -> duplicate(batch, dup.entry(), msgId, id, odd);
            case ServerSession.Receipt.Forgotten f ->
                LOG.log(
                        Level.DEBUG,
                        () -> "test DC: dropping msg_id 0x" + Long.toHexString(msgId)
                                + ", older than anything the session remembers");
            case ServerSession.Receipt.ReportedMissing m ->
                LOG.log(
                        Level.DEBUG,
                        () -> "test DC: dropping msg_id 0x" + Long.toHexString(msgId)
                                + ", sent before the msgs_state_req that was told it was not received");
            case ServerSession.Receipt.BadSeqNo bad -> batch.out.add(ServiceMessages.badMsg(msgId, seqNo, bad.code()));
        }
    }

    /**
     * A msg_id the session has seen: never executed again. An answered request gets its kept answer again (the
     * same message) or, for an answer over the large-answer size, msg_detailed_info naming it; one still being
     * processed gets an ack; anything else is ignored.
     */
    private void duplicate(Batch batch, ReceivedMessages.Entry entry, long msgId, int id, boolean odd) {
        if (id == ServiceIds.MSG_CONTAINER) {
            LOG.log(Level.DEBUG, () -> "test DC: dropping repeated container 0x" + Long.toHexString(msgId));
            return;
        }
        ServerSession.Known known = batch.session.known(entry);
        SentMessage answer = known.answer();
        if ((known.state() & ReceivedMessages.ANSWERED) != 0 && answer != null) {
            if (answer.body().length <= dc.largeAnswerBytes()) {
                batch.resend.add(answer);
            } else {
                batch.out.add(ServiceMessages.msgDetailedInfo(msgId, known.answerMsgId(), known.answerBytes()));
            }
        } else if (odd) {
            batch.acks.add(msgId);
        }
        LOG.log(
                Level.DEBUG,
                () -> "test DC: msg_id 0x" + Long.toHexString(msgId) + " received again (state " + known.state()
                        + "); not executed again");
    }

    private void process(
            Batch batch,
            ReceivedMessages.Entry entry,
            long msgId,
            int seqNo,
            byte[] body,
            boolean inContainer,
            boolean inflated) {
        int id = TestDc.leInt(body, 0);
        if ((seqNo & 1) == 1 && id != ServiceIds.MSGS_ACK) {
            batch.acks.add(msgId);
        }
        try {
            switch (id) {
                case ServiceIds.MSG_CONTAINER -> {
                    if (inContainer) {
                        invalidContainer(batch, msgId, seqNo, "a container inside a container");
                        return;
                    }
                    container(batch, msgId, seqNo, body);
                }
                case ServiceIds.GZIP_PACKED -> {
                    if (inflated) {
                        invalidContainer(batch, msgId, seqNo, "gzip_packed inside gzip_packed");
                        return;
                    }
                    TlReader in = new TlReader(body);
                    in.readInt();
                    byte[] inner = in.readGzipPacked(0).readRemaining();
                    in.expectEnd();
                    if (inner.length < 4) {
                        invalidContainer(batch, msgId, seqNo, "gzip_packed holding " + inner.length + " bytes");
                        return;
                    }
                    batch.acks.remove(msgId);
                    process(batch, entry, msgId, seqNo, inner, inContainer, true);
                }
                case ServiceIds.MSGS_ACK -> batch.session.clientAcked(longs(body));
                case ServiceIds.MSG_RESEND_REQ -> ServiceQueries.resend(batch, msgId, body, false);
                case ServiceIds.MSG_RESEND_ANS_REQ -> ServiceQueries.resend(batch, msgId, body, true);
                case ServiceIds.HTTP_WAIT -> httpWait(batch, body);
                case ServiceIds.MSGS_STATE_REQ -> {
                    new QueryRun(dc, batch, entry, msgId, body).run();
                    batch.stateReported = true;
                }
                case ServiceIds.MSGS_ALL_INFO,
                        ServiceIds.MSG_DETAILED_INFO,
                        ServiceIds.MSG_NEW_DETAILED_INFO,
                        ServiceIds.MSGS_STATE_INFO -> {}
                default -> new QueryRun(dc, batch, entry, msgId, body).run();
            }
        } catch (TlDecodeException e) {
            invalidContainer(batch, msgId, seqNo, "a malformed message (" + e.getMessage() + ")");
        }
    }

    /**
     * {@code http_wait}: over HTTP, hold this request's answer up to max_wait (capped at a minute) while nothing is
     * due; a long poll (max_wait above 0) becomes the session's route for pushes, takes what was queued on the
     * former long poll connection and carries the pushes that found no request waiting. Ignored over TCP.
     */
    private void httpWait(Batch batch, byte[] body) throws TlDecodeException {
        TlReader in = new TlReader(body, 4, body.length - 4);
        in.readInt(); // max_delay
        in.readInt(); // wait_after
        int maxWait = in.readInt();
        in.expectEnd();
        DcConnection connection = batch.connection;
        if (!connection.http()) {
            return;
        }
        connection.httpHold(Duration.ofMillis(Math.min(Math.max(maxWait, 0), MAX_HTTP_WAIT_MILLIS)));
        if (maxWait > 0) {
            ServerSession session = batch.session;
            DcConnection previous = connections.httpPoll(session.key(), connection);
            if (previous != null) {
                connection.handOver(previous.takeHttpQueued());
            }
            for (byte[] update : session.http.take()) {
                batch.out.add(new DcConnection.Out(MsgIdKind.SERVER_NOTICE, true, update, 0));
            }
        }
    }

    private static List<Long> longs(byte[] body) throws TlDecodeException {
        TlReader in = new TlReader(body, 4, body.length - 4);
        List<Long> ids = in.readLongVector();
        in.expectEnd();
        return ids;
    }

    private void container(Batch batch, long msgId, int seqNo, byte[] body) throws TlDecodeException {
        TlReader in = new TlReader(body, 4, body.length - 4);
        int count = in.readVectorCount(16);
        long[] ids = new long[count];
        int[] seqs = new int[count];
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids[i] = in.readLong();
            seqs[i] = in.readInt();
            int length = in.readInt();
            if (length < 0 || (length & 3) != 0 || length > in.remaining()) {
                invalidContainer(
                        batch,
                        msgId,
                        seqNo,
                        "message " + i + " of the container declaring " + length + " bytes with " + in.remaining()
                                + " left");
                return;
            }
            bodies.add(in.readRaw(length));
        }
        in.expectEnd();
        for (int i = 0; i < count && !batch.stop; i++) {
            if ((ids[i] & 3) != 0) {
                batch.out.add(ServiceMessages.badMsg(ids[i], seqs[i], 18));
            } else if (ids[i] >= msgId) {
                invalidContainer(
                        batch,
                        ids[i],
                        seqs[i],
                        "msg_id 0x" + Long.toHexString(ids[i]) + " inside container 0x" + Long.toHexString(msgId)
                                + ", which is not below it");
            } else {
                handle(batch, ids[i], seqs[i], bodies.get(i), true);
            }
        }
    }

    /** bad_msg_notification 64 (invalid container), with the reason in the DC's log. */
    private static void invalidContainer(Batch batch, long msgId, int seqNo, String why) {
        LOG.log(
                Level.DEBUG,
                () -> "test DC: bad_msg_notification 64 for msg_id 0x" + Long.toHexString(msgId) + " seqno " + seqNo
                        + ": " + why);
        batch.out.add(ServiceMessages.badMsg(msgId, seqNo, 64));
    }
}
