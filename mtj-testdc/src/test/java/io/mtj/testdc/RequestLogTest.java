package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The DC's log of received calls keeps the newest within its count and byte bounds, oldest dropped first. */
class RequestLogTest {
    private static ReceivedRequest request(long msgId, int bytes) {
        return new ReceivedRequest(0x1234, null, new byte[bytes], msgId, 1, 2, 229, null, false);
    }

    @Test
    void keepsAtMostTheCountAndTheBytesNewestFirstOut() throws InterruptedException {
        RequestLog log = new RequestLog(10, 4 * 512 * 1024);
        for (int i = 1; i <= 100; i++) {
            log.add(request(4L * i, 16));
        }
        assertThat(log.size()).isEqualTo(10);
        assertThat(log.take(Duration.ZERO)).extracting(ReceivedRequest::msgId).isEqualTo(4L * 91);

        for (int i = 101; i <= 110; i++) {
            log.add(request(4L * i, 512 * 1024)); // upload.saveFilePart-sized bodies
        }
        assertThat(log.bytes()).isLessThanOrEqualTo(4 * 512 * 1024);
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.take(Duration.ZERO)).extracting(ReceivedRequest::msgId).isEqualTo(4L * 107);
        assertThat(log.bytes()).isEqualTo(3 * 512 * 1024);
    }
}
