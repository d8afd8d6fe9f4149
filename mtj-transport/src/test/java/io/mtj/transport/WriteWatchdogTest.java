package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The write-timeout check is one periodic task on a {@link Scheduler}, scheduled only while wires are registered; it
 * closes the wire whose write passed its deadline and no other. The scheduler here is manual: a tick runs when the
 * test says, so nothing depends on time.
 */
class WriteWatchdogTest {
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> due = new ArrayList<>();
    private final Scheduler manual = (delay, task) -> {
        delays.add(delay);
        due.add(task);
        return () -> due.remove(task);
    };

    private void tick() {
        assertThat(due).as("one check scheduled").hasSize(1);
        due.remove(0).run();
    }

    @Test
    void oneCheckWhileWiresAreOpenClosingOnlyTheStalledWire() throws Exception {
        WriteWatchdog watchdog = new WriteWatchdog(manual, Duration.ofMillis(100));
        assertThat(watchdog.isRunning()).isFalse();
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                Socket a = connect(server);
                Socket unusedA = server.accept();
                Socket b = connect(server);
                Socket unusedB = server.accept()) {
            // no write timeout of their own: they are registered with this watchdog by hand, not the shared one
            SocketWire stalled = new SocketWire(a, Duration.ZERO);
            SocketWire writing = new SocketWire(b, Duration.ZERO);
            watchdog.register(stalled);
            watchdog.register(writing);
            assertThat(due).as("one periodic check for any number of wires").hasSize(1);
            assertThat(delays).containsExactly(Duration.ofMillis(100));
            assertThat(watchdog.isRunning()).isTrue();

            long now = System.nanoTime();
            stalled.writeDeadline = (now - 1_000_000) | 1L; // passed
            writing.writeDeadline = (now + Duration.ofMinutes(1).toNanos()) | 1L; // not yet
            tick();
            assertThat(stalled.isClosed()).isTrue();
            assertThat(stalled.writeTimedOut).isTrue();
            assertThat(writing.isClosed()).isFalse();
            assertThat(due)
                    .as("wires remain registered: the next check is scheduled")
                    .hasSize(1);

            watchdog.unregister(stalled);
            writing.writeDeadline = 0; // no write in progress
            tick();
            assertThat(writing.isClosed()).isFalse();

            watchdog.unregister(writing);
            tick();
            assertThat(due).as("no wire left: nothing scheduled").isEmpty();
            assertThat(watchdog.isRunning()).isFalse();

            watchdog.register(writing);
            assertThat(due).as("a new wire starts the check again").hasSize(1);
            watchdog.unregister(writing);
            writing.close();
        }
    }

    private static Socket connect(ServerSocket server) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
        return s;
    }
}
