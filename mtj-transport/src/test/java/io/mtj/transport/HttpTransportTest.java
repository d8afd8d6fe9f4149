package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.transport.codec.HttpCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP client transport's pool against a loopback server built from the server side of {@link HttpCodec}: a held
 * request makes the next send open another connection; the poller is asked for a long poll when idle and a short one
 * after an answer; a kept-alive connection the server closed after its answer is replaced and the request sent again.
 * Nothing here depends on timing: held requests wait for latches.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpTransportTest {
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() throws Exception {
        release.countDown();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /**
     * Each connection: packets starting with 'H' are held until {@link #release}, then answered with "late"; others
     * are echoed. With {@code closeAfterAnswer} the server closes every connection after its first answer, as
     * tinyproxy does, without saying so.
     */
    private int server(boolean closeAfterAnswer) throws IOException {
        ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        closeables.add(listener);
        Thread.ofVirtual().start(() -> {
            while (true) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException closed) {
                    return;
                }
                int n = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, n, closeAfterAnswer));
            }
        });
        return listener.getLocalPort();
    }

    private void serve(Socket s, int n, boolean closeAfterAnswer) {
        try (FramedTransport t =
                FramedTransport.server(new SocketWire(s, Duration.ofSeconds(5)), HttpCodec.server(1 << 16))) {
            closeables.add(t);
            while (true) {
                byte[] p = ((Frame.Packet) t.receive()).payload();
                String text = new String(p, java.nio.charset.StandardCharsets.US_ASCII);
                seen.add(n + ":" + text);
                if (text.startsWith("H")) {
                    t.httpHold(Duration.ofSeconds(30));
                    release.await();
                    t.send(bytes("late"));
                } else {
                    t.send(p);
                }
                if (closeAfterAnswer) {
                    return;
                }
            }
        } catch (IOException | InterruptedException ended) {
            // the client left
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private HttpTransport client(int port) throws IOException {
        HttpTransport t = new HttpTransport(
                TransportOptions.builder().framing(Framing.HTTP).build(), 3);
        closeables.add(t);
        t.connect(Endpoint.of("127.0.0.1", port, 2));
        return t;
    }

    private static String text(Frame f) {
        return new String(((Frame.Packet) f).payload(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aHeldRequestMakesTheNextSendOpenAnotherConnection() throws Exception {
        HttpTransport t = client(server(false));
        t.send(bytes("HOLD"));
        t.send(bytes("ping"));
        assertThat(text(t.receive())).isEqualTo("ping");
        assertThat(t.openConnections()).isEqualTo(2);
        release.countDown();
        assertThat(text(t.receive())).isEqualTo("late");
        // only now: the server may record HOLD after it echoed ping on the other connection
        assertThat(seen).containsExactlyInAnyOrder("1:HOLD", "2:ping");
        // the freed connections are reused: no third one
        t.send(bytes("again"));
        assertThat(text(t.receive())).isEqualTo("again");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void thePollerIsAskedForALongPollWhenIdleAndAShortOneAfterEachAnswer() throws Exception {
        HttpTransport t = client(server(false));
        List<Duration> polls = new CopyOnWriteArrayList<>();
        CountDownLatch drained = new CountDownLatch(1);
        t.poller(d -> {
            polls.add(d);
            if (d.isZero()) {
                drained.countDown();
            }
        });
        assertThat(polls).containsExactly(HttpTransport.LONG_POLL);
        t.send(bytes("ping"));
        assertThat(text(t.receive())).isEqualTo("ping");
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(polls).containsExactly(HttpTransport.LONG_POLL, Duration.ZERO);
    }

    @Test
    void aConnectionTheServerClosedAfterItsAnswerIsReplacedAndTheRequestSentAgain() throws Exception {
        HttpTransport t = client(server(true));
        t.send(bytes("one!"));
        assertThat(text(t.receive())).isEqualTo("one!");
        t.send(bytes("two!")); // goes on the closed connection first
        assertThat(text(t.receive())).isEqualTo("two!");
        t.send(bytes("3rd!"));
        assertThat(text(t.receive())).isEqualTo("3rd!");
        assertThat(seen).containsExactly("1:one!", "2:two!", "3:3rd!");
    }
}
