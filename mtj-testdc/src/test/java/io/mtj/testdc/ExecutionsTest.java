package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecutionsTest {
    private static ReceivedRequest request(long msgId) {
        return new ReceivedRequest(
                0x1fbff081,
                null,
                new byte[] {(byte) 0x81, (byte) 0xf0, (byte) 0xbf, 0x1f},
                msgId,
                0x5678L,
                0x1234L,
                229,
                null,
                false);
    }

    @Test
    void keepsTheLatestIdentitiesAndCountsEverything() {
        Executions executions = new Executions();
        executions.identity(r -> r.msgId());
        executions.record(request(4));
        executions.record(request(4));
        assertThat(executions.count(4L)).isEqualTo(2);
        assertThat(executions.executedMoreThanOnce()).isEqualTo(1);

        for (long id = 8; id < 8 + 4L * Executions.KEPT; id += 4) {
            executions.record(request(id));
        }
        // the first identity was the oldest kept, so it is the one forgotten; the totals keep everything
        assertThat(executions.distinct()).isEqualTo(Executions.KEPT);
        assertThat(executions.count(4L)).isZero();
        assertThat(executions.count(8L)).isEqualTo(1);
        assertThat(executions.total()).isEqualTo(2L + Executions.KEPT);
        assertThat(executions.executedMoreThanOnce()).isEqualTo(1);
        long newest = 8 + 4L * (Executions.KEPT - 2);
        executions.record(request(newest));
        assertThat(executions.count(newest)).isEqualTo(2);
        assertThat(executions.executedMoreThanOnce()).isEqualTo(2);

        executions.reset();
        assertThat(executions.distinct()).isZero();
        assertThat(executions.total()).isZero();
    }
}
