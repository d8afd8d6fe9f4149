package io.mtj.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.ScriptedWire;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String seededKey(long seed) {
        byte[] nonce = new byte[16];
        new Random(seed).nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    private static String response(String accept, String protocol) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n" + protocol + "\r\n";
    }

    @Test
    void clientRequestIsExactAndBytesAfterTheHeadBelongToTheStream() throws Exception {
        String key = seededKey(1);
        byte[] head = ascii(response(WebSocketHandshake.acceptKey(key), "Sec-WebSocket-Protocol: binary\r\n"));
        byte[] in = new byte[head.length + 3];
        System.arraycopy(head, 0, in, 0, head.length);
        in[head.length] = (byte) 0x82;
        in[head.length + 1] = 1;
        in[head.length + 2] = 'z';
        ScriptedWire lower = ScriptedWire.script(in, 64);
        WebSocketWire wire = WebSocketHandshake.client(lower, "venus.example:8080", "/apiws", new Random(1));
        assertThat(new String(lower.written(), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /apiws HTTP/1.1\r\n"
                        + "Host: venus.example:8080\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: binary\r\n"
                        + "\r\n");
        byte[] one = new byte[1];
        assertThat(wire.read(one, 0, 1)).isEqualTo(1);
        assertThat(one[0]).isEqualTo((byte) 'z');
    }

    @Test
    void clientRejectsWrongAccept() {
        ScriptedWire lower = ScriptedWire.script(
                ascii(response("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Sec-WebSocket-Protocol: binary\r\n")), 64);
        assertThatThrownBy(() -> WebSocketHandshake.client(lower, "h", "/apiws", new Random(1)))
                .isInstanceOf(WebSocketException.class)
                .hasMessage("WebSocket handshake: Sec-WebSocket-Accept expected "
                        + WebSocketHandshake.acceptKey(seededKey(1)) + ", got 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='");
        assertThat(lower.closed()).isTrue();
    }

    @Test
    void clientRejectsMissingSubProtocolAndNon101() {
        String accept = WebSocketHandshake.acceptKey(seededKey(1));
        assertThatThrownBy(() -> WebSocketHandshake.client(
                        ScriptedWire.script(ascii(response(accept, "")), 64), "h", "/", new Random(1)))
                .hasMessage("WebSocket handshake: sub-protocol expected 'binary', got none");
        assertThatThrownBy(() -> WebSocketHandshake.client(
                        ScriptedWire.script(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"), 64),
                        "h",
                        "/",
                        new Random(1)))
                .hasMessage("WebSocket handshake: expected status 101, got 'HTTP/1.1 403 Forbidden'");
        assertThatThrownBy(() -> WebSocketHandshake.client(
                        ScriptedWire.script(ascii("HTTP/1.1 101 OK\r\nUpgrade: h2c\r\n\r\n"), 64),
                        "h",
                        "/",
                        new Random(1)))
                .hasMessage("WebSocket handshake: response header upgrade expected 'websocket', got 'h2c'");
        assertThatThrownBy(() -> WebSocketHandshake.client(
                        ScriptedWire.script(ascii("HTTP/1.1 101 OK\r\nUpgrade"), 64), "h", "/", new Random(1)))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessage("WebSocket handshake: connection closed after 24 bytes of the response head");
    }

    @Test
    void clientBoundsTheResponseHead() {
        byte[] endless = new byte[WebSocketHandshake.MAX_HEAD + 10];
        java.util.Arrays.fill(endless, (byte) 'a');
        assertThatThrownBy(() -> WebSocketHandshake.client(ScriptedWire.script(endless, 512), "h", "/", new Random(1)))
                .hasMessage("WebSocket handshake: response head exceeds 8192 bytes without a blank line");
    }

    @Test
    void serverAnswersTheRfcExample() throws Exception {
        String request = "GET /apiws HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Protocol: base64, binary\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ScriptedWire lower = ScriptedWire.script(ascii(request), 50);
        WebSocketHandshake.server(lower, "/apiws", new Random(1), 1024);
        assertThat(new String(lower.written(), StandardCharsets.ISO_8859_1))
                .isEqualTo(
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: binary\r\n\r\n");
    }

    @Test
    void serverRejectsBadRequestsWithAStatus() {
        String good = "GET /apiws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: binary\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        assertRejected(good.replace("/apiws", "/other"), "404 Not Found", "expected path /apiws, got /other");
        assertRejected(
                good.replace("binary", "base64"), "400 Bad Request", "expected sub-protocol 'binary' to be offered");
        assertRejected(
                good.replace("Version: 13", "Version: 8"),
                "426 Upgrade Required",
                "expected Sec-WebSocket-Version 13, got 8");
        assertRejected(
                good.replace("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ="),
                "400 Bad Request",
                "Sec-WebSocket-Key must be base64 of 16 bytes");
        assertRejected(
                good.replace("GET", "POST"),
                "400 Bad Request",
                "expected 'GET <path> HTTP/1.1', got 'POST /apiws HTTP/1.1'");
    }

    private static void assertRejected(String request, String status, String reason) {
        ScriptedWire lower = ScriptedWire.script(ascii(request), 100);
        assertThatThrownBy(() -> WebSocketHandshake.server(lower, "/apiws", new Random(1), 1024))
                .isInstanceOf(WebSocketException.class)
                .hasMessage("WebSocket handshake rejected (" + status + "): " + reason);
        assertThat(new String(lower.written(), StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 " + status + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(lower.closed()).isTrue();
    }
}
