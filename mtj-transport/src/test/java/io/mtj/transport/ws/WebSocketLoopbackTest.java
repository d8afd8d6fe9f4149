package io.mtj.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.SocketWire;
import io.mtj.transport.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against our server over loopback sockets, and against hand-written bad peers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketLoopbackTest {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

    private ServerSocket listener;
    private @Nullable Thread serverThread;
    private final CompletableFuture<Long> served = new CompletableFuture<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    }

    @AfterEach
    void shutdown() throws Exception {
        listener.close();
        if (serverThread != null) {
            serverThread.join(5_000);
            assertThat(serverThread.isAlive()).as("server thread finished").isFalse();
        }
    }

    interface Handler {
        void handle(Socket socket) throws Exception;
    }

    private void serveOnce(Handler handler) {
        serverThread = Thread.ofVirtual().start(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
                handler.handle(socket);
            } catch (Exception e) {
                served.completeExceptionally(e);
            }
        });
    }

    private void echoServer(long maxFrame) {
        serveOnce(socket -> {
            SocketWire raw = new SocketWire(socket, IO_TIMEOUT);
            try (Wire ws = WebSocketHandshake.server(raw, "/apiws", new SecureRandom(), maxFrame)) {
                byte[] buf = new byte[10_000];
                long total = 0;
                int n;
                while ((n = ws.read(buf, 0, buf.length)) > 0) {
                    ws.write(buf, 0, n);
                    ws.flush();
                    total += n;
                }
                served.complete(total);
            }
        });
    }

    private SocketWire dial() throws IOException {
        Socket socket = new Socket();
        socket.connect(listener.getLocalSocketAddress(), 5_000);
        SocketWire wire = new SocketWire(socket, IO_TIMEOUT);
        wire.readTimeout(IO_TIMEOUT);
        return wire;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 125, 126, 65_535, 65_536, 100_000, 1 << 20})
    void echo(int size) throws Exception {
        echoServer(WebSocketWire.DEFAULT_MAX_FRAME);
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        try (WebSocketWire ws = WebSocketHandshake.client(dial(), "127.0.0.1", "/apiws", new SecureRandom())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int off = 0; off < size; off += 40_000) {
                        ws.write(payload, off, Math.min(40_000, size - off));
                        ws.flush();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = new byte[size];
            ws.readFully(back, 0, size);
            writer.join(5_000);
            assertThat(back).isEqualTo(payload);
        }
        // our close frame ends the server's stream cleanly
        assertThat(served.get(5, TimeUnit.SECONDS)).isEqualTo(size);
    }

    @Test
    void serverRejectsOversizedFrame() throws Exception {
        echoServer(1_000);
        try (WebSocketWire ws = WebSocketHandshake.client(dial(), "127.0.0.1", "/apiws", new SecureRandom())) {
            ws.write(new byte[1_001], 0, 1_001);
            ws.flush();
            assertThatThrownBy(() -> served.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(WebSocketException.class)
                    .hasMessage("WebSocket frame: payload of 1001 bytes exceeds the limit of 1000");
            // the server failed the connection with close status 1009 (message too big)
            assertThat(ws.read(new byte[1], 0, 1)).isEqualTo(-1);
            assertThat(ws.peerCloseCode()).isEqualTo(WebSocketException.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void serverRejectsUnmaskedClientFrame() throws Exception {
        echoServer(1_000);
        try (SocketWire raw = dial()) {
            // a "client" that behaves like a server: correct handshake, then an unmasked frame
            WebSocketWire asServer = handshakeThenPretendServer(raw);
            asServer.write(new byte[] {1, 2, 3}, 0, 3);
            asServer.flush();
            assertThatThrownBy(() -> served.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(WebSocketException.class)
                    .hasMessage("WebSocket frame: client frames must be masked, got an unmasked frame");
        }
    }

    /** Performs the client handshake by hand and returns a server-role wire (unmasked frames). */
    private static WebSocketWire handshakeThenPretendServer(SocketWire raw) throws IOException {
        String request = "GET /apiws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: binary\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        raw.write(bytes, 0, bytes.length);
        raw.flush();
        byte[] one = new byte[1];
        int matched = 0;
        while (matched < 4) { // skip the 101 response head
            raw.readFully(one, 0, 1);
            matched = one[0] == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : 0;
        }
        return new WebSocketWire(raw, false, new Random(1), 1_000);
    }

    @Test
    void clientRejectsBadAcceptFromARealSocket() throws Exception {
        serveOnce(socket -> {
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : 0;
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\nSec-WebSocket-Protocol: binary\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            served.complete((long) in.read()); // -1 once the client hangs up
        });
        SocketWire raw = dial();
        assertThatThrownBy(() -> WebSocketHandshake.client(raw, "127.0.0.1", "/apiws", new SecureRandom()))
                .isInstanceOf(WebSocketException.class)
                .hasMessageStartingWith("WebSocket handshake: Sec-WebSocket-Accept expected ")
                .hasMessageEndingWith(", got 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='");
        assertThat(raw.isClosed()).isTrue();
        assertThat(served.get(5, TimeUnit.SECONDS)).isEqualTo(-1L);
    }
}
