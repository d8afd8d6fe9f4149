package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DC-wide answer budget: sessions whose clients left without acknowledging their last 1 MiB answers (as the
 * benchmark's bulk phases do) keep at most the budget between them, the oldest answers going first, and a request
 * whose answer went reads as status 1 in msgs_state_info and is no longer re-sent.
 */
class DcAnswerBudgetTest {
    private static final int MIB = 1 << 20;
    private static final int SESSIONS = 40;
    private static final int ANSWERS_PER_SESSION = 3;

    private final MsgIdGenerator serverIds =
            new MsgIdGenerator(InstantSource.fixed(Instant.parse("2026-12-06T11:00:00Z")));

    /** One session's request ids, in the order they were answered. */
    private record Answered(ServerSession session, List<Long> requests) {}

    private List<Answered> leaveUnacknowledgedAnswers(SessionTable table) {
        List<Answered> out = new ArrayList<>();
        long clientId = 0x6000_0000_0000_0000L;
        for (int s = 0; s < SESSIONS; s++) {
            ServerSession session = table.lookup(0x1000 + s, 0x2000 + s).session();
            List<Long> requests = new ArrayList<>();
            for (int a = 0; a < ANSWERS_PER_SESSION; a++) {
                clientId += 4;
                ServerSession.Receipt receipt = session.receive(clientId, 2 * a + 1, true, clientId);
                assertThat(receipt).isInstanceOf(ServerSession.Receipt.Fresh.class);
                session.processing(((ServerSession.Receipt.Fresh) receipt).entry());
                byte[] body = new byte[MIB];
                body[0] = (byte) s;
                session.seal(List.of(new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, true, body, clientId)), serverIds);
                requests.add(clientId);
            }
            out.add(new Answered(session, requests));
        }
        return out;
    }

    @Test
    void withoutADcWideBoundEveryAbandonedSessionKeepsItsAnswers() {
        // The cause of the benchmark's OutOfMemoryError: each session stays within its own 16 MB, but nothing bounds
        // their sum, and every client that exits leaves a session behind.
        SessionTable table = new SessionTable(ServerSession.REMEMBERED, ServerSession.ANSWER_BYTES, Long.MAX_VALUE);

        List<Answered> sessions = leaveUnacknowledgedAnswers(table);

        assertThat(table.keptAnswerBytes()).isEqualTo((long) SESSIONS * ANSWERS_PER_SESSION * MIB);
        for (Answered a : sessions) {
            assertThat(a.session.keptAnswerBytes()).isEqualTo((long) ANSWERS_PER_SESSION * MIB);
            assertThat(a.session.unacknowledged()).hasSize(ANSWERS_PER_SESSION);
        }
    }

    @Test
    void manySessionsStayUnderTheDcWideBudgetAndTheOldestAnswersGoFirst() {
        long budget = 16L * MIB;
        SessionTable table = new SessionTable(ServerSession.REMEMBERED, ServerSession.ANSWER_BYTES, budget);

        List<Answered> sessions = leaveUnacknowledgedAnswers(table);

        assertThat(table.keptAnswerBytes()).isEqualTo(budget);
        long sum = 0;
        for (Answered a : sessions) {
            sum += a.session.keptAnswerBytes();
        }
        assertThat(sum).as("the sessions' own counts agree with the DC's").isEqualTo(budget);

        // The newest 16 answers are kept: the last 5 sessions whole and one answer of the session before them.
        int keptWhole = 16 / ANSWERS_PER_SESSION;
        for (int s = 0; s < SESSIONS; s++) {
            Answered a = sessions.get(s);
            long expected = s >= SESSIONS - keptWhole
                    ? ANSWERS_PER_SESSION
                    : s == SESSIONS - keptWhole - 1 ? 16 - keptWhole * ANSWERS_PER_SESSION : 0;
            assertThat(a.session.keptAnswerBytes()).as("session %d", s).isEqualTo(expected * MIB);
            assertThat(a.session.unacknowledged())
                    .as("session %d re-sends only kept answers", s)
                    .hasSize((int) expected);
        }
    }

    @Test
    void anEvictedAnswersRequestReadsAsStatusOneAndAKeptOneAsAnswered() {
        SessionTable table = new SessionTable(ServerSession.REMEMBERED, ServerSession.ANSWER_BYTES, 16L * MIB);

        List<Answered> sessions = leaveUnacknowledgedAnswers(table);

        Answered first = sessions.get(0);
        long evicted = first.requests.get(0);
        long askedBy = evicted + 4 * 1000;
        assertThat(first.session.state(evicted, askedBy)).isEqualTo(1);
        assertThat(first.session.answersTo(List.of(evicted)).complete()).isFalse();

        Answered last = sessions.get(SESSIONS - 1);
        long kept = last.requests.get(ANSWERS_PER_SESSION - 1);
        int state = last.session.state(kept, kept + 4 * 1000);
        assertThat(state & ReceivedMessages.ANSWERED).isEqualTo(ReceivedMessages.ANSWERED);
        ServerSession.Resend resend = last.session.answersTo(List.of(kept));
        assertThat(resend.complete()).isTrue();
        assertThat(resend.messages().get(0).body()[0]).isEqualTo((byte) (SESSIONS - 1));
    }

    @Test
    void aDroppedAnswerLeavesBothCounts() {
        SessionTable table = new SessionTable(ServerSession.REMEMBERED, ServerSession.ANSWER_BYTES, 16L * MIB);
        List<Answered> sessions = leaveUnacknowledgedAnswers(table);
        Answered last = sessions.get(SESSIONS - 1);
        long request = last.requests.get(0);

        // rpc_drop_answer frees the bytes: both counts fall by one answer.
        assertThat(last.session.dropAnswer(request)).isInstanceOf(ServerSession.Drop.Dropped.class);

        assertThat(table.keptAnswerBytes()).isEqualTo(15L * MIB);
        assertThat(last.session.keptAnswerBytes()).isEqualTo(2L * MIB);
    }

    @Test
    void recordsOfAnswersForgottenByTheSessionsOwnBudgetAreSwept() {
        // Each session forgets its own old answers (here beyond 2 KiB); the DC-wide queue must not keep a record of
        // every answer ever sent.
        SessionTable table = new SessionTable(ServerSession.REMEMBERED, 2048, Long.MAX_VALUE);
        ServerSession session = table.lookup(1, 2).session();
        long clientId = 0x6000_0000_0000_0000L;
        for (int i = 0; i < 10_000; i++) {
            clientId += 4;
            ServerSession.Receipt receipt = session.receive(clientId, 2 * i + 1, true, clientId);
            session.processing(((ServerSession.Receipt.Fresh) receipt).entry());
            session.clientAcked(List.of());
            session.seal(
                    List.of(new DcConnection.Out(MsgIdKind.SERVER_RESPONSE, true, new byte[1024], clientId)),
                    serverIds);
        }

        assertThat(table.keptAnswerBytes()).isEqualTo(2048);
        assertThat(table.budget().queuedRecords()).isLessThanOrEqualTo(2 * 2 + 1024 + 1);
    }
}
