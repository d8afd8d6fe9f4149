package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code msgs_state_info} that says "not received" is final: a message the DC reads only afterwards (off a
 * connection the client has already left, whose reader was slower than the new connection's) is dropped, never
 * executed, because the client was free to send the call again under a new msg_id. Before, the DC answered from what
 * it had processed so far, and such a call ran twice (seen once in CutMatrixTest under load). A re-send under the same
 * msg_id in a packet newer than the question is a deliberate one and runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotReceivedIsFinalTest {
    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    @SuppressWarnings("NullAway.Init")
    private ClientSession session;

    private @Nullable ClientSession second;

    @AfterEach
    void tearDown() throws Exception {
        if (session != null) {
            session.client.close();
        }
        ClientSession s = second;
        if (s != null) {
            s.client.close();
        }
        if (dc != null) {
            dc.close();
        }
    }

    private void open(TestDc.Builder builder) throws Exception {
        dc = builder.rsaKey(TestKeys.RSA).build();
        MiniClient client = MiniClient.connect(dc.address());
        ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(12), 2);
        session = ClientSession.of(client, h, 0x1122334455667788L);
        session.send(ClientSession.ping(0));
        session.receiveUntil(ServiceIds.PONG);
    }

    private static byte[] nearestDc() {
        return new TlWriter().writeInt(HelpGetNearestDc.ID).toByteArray();
    }

    private Executions.MessageKey key(long msgId) {
        return new Executions.MessageKey(session.authKeyId(), session.sessionId, msgId);
    }

    private static ClientSession.@Nullable Message resultFor(List<ClientSession.Message> messages, long reqMsgId) {
        for (ClientSession.Message m : messages) {
            if (m.constructorId() == ServiceIds.RPC_RESULT && TestDc.leLong(m.body(), 4) == reqMsgId) {
                return m;
            }
        }
        return null;
    }

    private static byte[] stateOf(ClientSession s, long... ids) throws Exception {
        TlWriter w = new TlWriter()
                .writeInt(ServiceIds.MSGS_STATE_REQ)
                .writeInt(ServiceIds.VECTOR)
                .writeInt(ids.length);
        for (long id : ids) {
            w.writeLong(id);
        }
        long req = s.send(w.toByteArray());
        TlReader r = s.receiveUntil(ServiceIds.MSGS_STATE_INFO).reader();
        assertThat(r.readLong()).isEqualTo(req);
        byte[] info = r.readBytes();
        r.expectEnd();
        return info;
    }

    @Test
    void aCallReadAfterItWasReportedNotReceivedIsDroppedSoItsResendRunsOnce() throws Exception {
        open(TestDc.builder());
        ClientSession other = session.sibling(dc.address());
        second = other;
        // the client wrote this call on the first connection; the DC has not read it yet when the client,
        // now on a second connection, asks about it
        long late = session.client.msgIds.next(MsgIdKind.CLIENT);
        int lateSeq = session.seq.next(true);
        assertThat(stateOf(other, late)).containsExactly(2);
        long again = other.send(nearestDc()); // "not received": sent again under a new msg_id
        assertThat(resultFor(other.receiveThrough(ServiceIds.RPC_RESULT), again))
                .isNotNull();

        // now the first connection's reader gets to the original
        session.sendRaw(late, lateSeq, session.salt, nearestDc());
        session.send(ClientSession.ping(1)); // read after it on the same connection: its pong means it was handled
        List<ClientSession.Message> after = session.receiveThrough(ServiceIds.PONG);

        assertThat(resultFor(after, late)).as("an answer to the late original").isNull();
        assertThat(dc.executions().count(key(late))).isZero();
        assertThat(dc.executions().count(key(again))).isEqualTo(1);
        assertThat(stateOf(session, late)).as("the report stands").containsExactly(2);
    }

    @Test
    void theSameMsgIdResentInANewContainerAfterTheReportRunsOnceAndTheLateOriginalDoesNot() throws Exception {
        open(TestDc.builder());
        long call = session.client.msgIds.next(MsgIdKind.CLIENT);
        int callSeq = session.seq.next(true);
        assertThat(stateOf(session, call)).containsExactly(2);
        // tdesktop re-sends a message reported missing under its own msg_id, in a container newer than the question:
        // a deliberate re-send, handled as received now
        long container = session.client.msgIds.next(MsgIdKind.CLIENT);
        byte[] body = new TlWriter()
                .writeInt(ServiceIds.MSG_CONTAINER)
                .writeInt(1)
                .writeLong(call)
                .writeInt(callSeq)
                .writeInt(nearestDc().length)
                .writeRaw(nearestDc())
                .toByteArray();
        session.sendRaw(container, session.seq.next(false), session.salt, body);
        assertThat(resultFor(session.receiveThrough(ServiceIds.RPC_RESULT), call))
                .isNotNull();
        assertThat(dc.executions().count(key(call))).isEqualTo(1);

        // the original, read late, is now a duplicate: not executed again
        session.sendRaw(call, callSeq, session.salt, nearestDc());
        session.send(ClientSession.ping(2));
        session.receiveThrough(ServiceIds.PONG);
        assertThat(dc.executions().count(key(call))).isEqualTo(1);
        assertThat(stateOf(session, call)[0] & 0xff).as("received, answered").isEqualTo(4 | 8 | 32 | 64);
    }

    @Test
    void reportedIdsTakeTheSessionsMemoryLikeReceivedOnesAndThenReadAsForgotten() throws Exception {
        open(TestDc.builder().sessionMemory(4));
        long[] missing = new long[6];
        for (int i = 0; i < missing.length; i++) {
            missing[i] = session.client.msgIds.next(MsgIdKind.CLIENT);
        }
        byte[] first = stateOf(session, missing);
        assertThat(first).hasSize(6);
        for (byte b : first) {
            assertThat(b & 7).isIn(2, 3);
        }
        // six reported ids and the question in a memory of four: the oldest are forgotten (status 1)
        byte[] again = stateOf(session, missing);
        assertThat(again[0]).isEqualTo((byte) 1);
        assertThat(again[5] & 7).isIn(2, 3);
    }
}
