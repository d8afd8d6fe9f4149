package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket wire over a real loopback connection. */
class SocketWireTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        LoopbackServer.awaitWatchdogIdle();
    }

    /** A connected pair: [0] client side wire socket, [1] server side socket. */
    private Socket[] pair() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(server);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        open.add(client);
        Socket accepted = server.accept();
        open.add(accepted);
        return new Socket[] {client, accepted};
    }

    @Test
    void writesAreBufferedUntilFlushAndReadBack() throws IOException {
        Socket[] p = pair();
        SocketWire a = new SocketWire(p[0], Duration.ofSeconds(5));
        SocketWire b = new SocketWire(p[1], Duration.ofSeconds(5));
        open.add(a);
        open.add(b);
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        a.write(new byte[] {1, 2, 3}, 0, 3);
        a.write(big, 0, big.length);
        a.flush();
        byte[] head = new byte[3];
        b.readFully(head, 0, 3);
        assertThat(head).containsExactly(1, 2, 3);
        byte[] got = new byte[big.length];
        b.readFully(got, 0, got.length);
        assertThat(got).isEqualTo(big);
    }

    @Test
    void readTimeoutAndCloseBehaviour() throws Exception {
        Socket[] p = pair();
        SocketWire a = new SocketWire(p[0], Duration.ofSeconds(5));
        open.add(a);
        a.readTimeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> a.read(new byte[4], 0, 4)).isInstanceOf(SocketTimeoutException.class);
        a.readTimeout(Duration.ZERO);
        List<Throwable> failure = new ArrayList<>();
        Thread reader = Thread.ofVirtual().name("mtj-test-blocked-read").start(() -> {
            try {
                a.read(new byte[4], 0, 4);
            } catch (Throwable t) {
                failure.add(t);
            }
        });
        Thread.sleep(100);
        a.close();
        a.close();
        reader.join(2000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(failure).singleElement().isInstanceOf(IOException.class);
        assertThat(a.isClosed()).isTrue();
        assertThat(p[0].isClosed()).isTrue();
        assertThatThrownBy(() -> {
                    a.write(new byte[4], 0, 4);
                    a.flush();
                })
                .isInstanceOf(IOException.class);
    }

    @Test
    void peerCloseReadsAsEndOfStream() throws IOException {
        Socket[] p = pair();
        SocketWire a = new SocketWire(p[0], Duration.ZERO);
        open.add(a);
        p[1].close();
        assertThat(a.read(new byte[4], 0, 4)).isEqualTo(-1);
    }
}
