package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

class ConnectionEventsTest {

    /** Making the first JFR event sets JFR up (0.3-0.7 s cold), so steps make none while JFR is not running. */
    @Test
    void stepsMakeJfrEventsOnlyWhileJfrRuns() {
        boolean running = FlightRecorder.isInitialized();
        assertThat(ConnectionEvents.jfr()).isEqualTo(running);
        assertThat(ConnectionEvents.dial().event != null).isEqualTo(running);
        assertThat(ConnectionEvents.init().event != null).isEqualTo(running);
        assertThat(FlightRecorder.isInitialized()).isEqualTo(running);
    }
}
