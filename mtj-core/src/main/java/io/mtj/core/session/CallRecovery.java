package io.mtj.core.session;

import io.mtj.api.mtproto.MsgResendAnsReq;
import io.mtj.api.mtproto.MsgsStateReq;
import io.mtj.core.BadMessageException;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.tl.TlWriter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a {@link Session} learns the fate of calls whose answer did not come: {@code msgs_state_req} for the calls
 * sent on an earlier connection (on each new one) and for calls unanswered a while after their send, then per
 * status a re-send under a new msg_id (not received), a wait (received), {@code msg_resend_ans_req} naming the call
 * (answer generated: {@code msg_resend_req} would name the server's messages, not ours) or {@link OutcomeUnknownException} (forgotten); {@code bad_msg_notification} 20 also ends a call as unknown,
 * and so does "not received" for a call sent before a {@code new_session_created}'s first_msg_id. Apart from the session because it is the one place that decides whether a
 * call may be sent again, which is the promise "never run twice" rests on.
 */
final class CallRecovery {
    private static final System.Logger LOG = Session.LOG;
    /** At most this many msg_ids in one msgs_state_req. */
    private static final int MAX_STATE_IDS = 4096;

    private final Session session;
    /** msgs_state_req msg_id -> the msg_ids it asked about. */
    private final Map<Long, long[]> stateRequests = new ConcurrentHashMap<>();

    CallRecovery(Session session) {
        this.session = session;
    }

    /**
     * Queues a msgs_state_req for the calls sent on an earlier connection that have no answer yet (the answers the
     * server re-sends may still complete some of them first).
     */
    void askAboutCallsInDoubt(int number) {
        List<Long> ids = new ArrayList<>();
        for (PendingCall<?> call : session.pending.snapshot()) {
            if (call.sentOn() != 0 && call.sentOn() < number && !call.future().isDone()) {
                ids.add(call.msgId());
            }
        }
        stateRequests.clear(); // questions asked on an earlier connection are asked again here
        if (ids.isEmpty()) {
            return;
        }
        LOG.log(Level.DEBUG, "asking the server about {0} call(s) sent on an earlier connection", ids.size());
        session.queue.pushFront(List.of(stateRequest(ids)));
    }

    /** A msgs_state_req about {@code ids} (sorted here), remembered under its msg_id when the writer sends it. */
    private Outbound stateRequest(List<Long> ids) {
        ids.sort(null);
        long[] asked = ids.stream().mapToLong(Long::longValue).toArray();
        return new Outbound(
                TlWriter.serialize(new MsgsStateReq(ids)), true, null, msgId -> stateRequests.put(msgId, asked));
    }

    /**
     * Asks again about calls sent at least {@code ageNanos} ago and still unanswered (the answer of a call the server
     * said it received may have been lost, or the server may have forgotten it since). Called by the writer.
     */
    void askAboutLateCalls(long ageNanos) {
        long now = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        for (PendingCall<?> call : session.pending.snapshot()) {
            if (call.sentOn() != 0
                    && now - call.sentAtNanos() >= ageNanos
                    && !call.future().isDone()) {
                ids.add(call.msgId());
                if (ids.size() == MAX_STATE_IDS) {
                    break;
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        session.queue.offerNow(stateRequest(ids));
    }

    /** Acts on a msgs_state_info answering our msgs_state_req {@code reqMsgId}, one status byte per asked id. */
    void stateInfo(long reqMsgId, byte[] info) {
        long[] asked = stateRequests.remove(reqMsgId);
        if (asked == null) {
            LOG.log(Level.DEBUG, "msgs_state_info for unknown request 0x{0}", Long.toHexString(reqMsgId));
            return;
        }
        List<Long> resendAnswers = new ArrayList<>();
        for (int i = 0; i < asked.length; i++) {
            PendingCall<?> call = session.pending.get(asked[i]);
            if (call == null || call.future().isDone()) {
                continue; // answered meanwhile
            }
            int state = i < info.length ? info[i] & 0xff : 0;
            int known = state & 7;
            if ((known == 2 || known == 3) && call.sentBeforeNewSession() != 0) {
                failUnknown(
                        call,
                        "the server started a new session at msg 0x" + Long.toHexString(call.sentBeforeNewSession())
                                + ", after msg 0x" + Long.toHexString(asked[i])
                                + " was sent, and has no such msg in it (msgs_state_info status " + state + ")");
            } else if (known == 2 || known == 3) {
                // the server never received it: sending it again cannot run it twice
                resendUnseen(call);
            } else if ((state & 4) != 0) {
                if ((state & 64) != 0) {
                    resendAnswers.add(asked[i]); // the answer exists: ask for the answer to this request
                }
                // else received and not answered yet: the answer will come
            } else {
                failUnknown(
                        call,
                        "the server no longer remembers msg 0x" + Long.toHexString(asked[i])
                                + " (msgs_state_info status " + state + ")");
            }
        }
        if (!resendAnswers.isEmpty()) {
            session.queue.offerNow(new Outbound(TlWriter.serialize(new MsgResendAnsReq(resendAnswers)), true, null));
        }
    }

    /** Re-sends {@code call} under a new msg_id after the server said it never received it. */
    private void resendUnseen(PendingCall<?> call) {
        session.pending.remove(call.msgId(), call);
        call.uncountSend();
        if (!session.queue.offerNow(new Outbound(call.body(), true, call))) {
            call.fail(session.endReason());
        }
    }

    void failUnknown(PendingCall<?> call, String why) {
        session.pending.remove(call.msgId(), call);
        call.fail(new OutcomeUnknownException("whether the server executed "
                + call.method().getClass().getSimpleName() + " cannot be known: " + why));
    }

    /** bad_msg_notification 20 (too old to tell): the calls of {@code badMsgId} end as unknown. */
    void forgotten(long badMsgId, int code) {
        for (long id : session.containers.expand(badMsgId)) {
            PendingCall<?> call = session.pending.get(id);
            if (call != null) {
                failUnknown(call, "bad_msg_notification " + code + ": " + BadMessageException.describe(code));
            }
        }
    }

    /**
     * new_session_created: the calls sent before {@code firstMsgId} (the messages of the container that started the
     * new session excepted) either ran in a session the server forgot, or are still on their way, overtaken by a later
     * message on another connection (HTTP); the server then notifies again when they arrive. So they are not failed at
     * once: they are marked and the server is asked about them. An answer completes them; "received" waits for it; "not
     * received" or "forgotten" ends them as unknown, never re-sent (a marked call may have run before).
     */
    void serverStartedNewSession(long firstMsgId) {
        List<Long> inFirst = session.containers.peek(firstMsgId);
        List<Long> ids = new ArrayList<>();
        for (PendingCall<?> call : session.pending.snapshot()) {
            long id = call.msgId();
            if (id != 0 && call.sentOn() != 0 && id < firstMsgId && !inFirst.contains(id)) {
                if (call.sentBeforeNewSession() == 0) {
                    call.sentBeforeNewSession(firstMsgId);
                }
                if (ids.size() < MAX_STATE_IDS) {
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        session.queue.offerNow(stateRequest(ids));
    }

    /** Re-sends the calls of {@code badMsgId} (a message or container the server refused unprocessed). */
    void resend(long badMsgId) {
        List<Outbound> again = new ArrayList<>();
        for (long id : session.containers.expand(badMsgId)) {
            PendingCall<?> call = session.pending.remove(id);
            if (call != null && !call.future().isDone()) {
                again.add(new Outbound(call.body(), true, call));
            }
        }
        for (Outbound out : again) {
            if (!session.queue.offerNow(out) && out.call() != null) {
                out.call().fail(session.endReason());
            }
        }
    }

    /**
     * The session id changed under bad_msg_notification {@code code} (32/33): the refused calls ({@code refused}, the
     * server never processed them) are sent again in the new session; other calls sent in the old one and still
     * waiting end as unknown.
     */
    void sessionRenewed(List<Long> refused, int code) {
        for (PendingCall<?> call : session.pending.snapshot()) {
            if (refused.contains(call.msgId())) {
                resend(call.msgId());
            } else if (call.sentOn() != 0 && call.msgId() != 0) {
                failUnknown(call, "the server refused the old session's seqnos (code " + code + ")");
            }
        }
    }
}
