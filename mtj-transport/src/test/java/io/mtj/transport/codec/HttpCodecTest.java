package io.mtj.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.EndOfStream;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameException;
import io.mtj.transport.ScriptedWire;
import io.mtj.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Known answers for MTProto's HTTP transport (core.telegram.org/mtproto/transports, "HTTP"): an HTTP/1.1
 * keep-alive POST to {@code http://<address>:80/api} whose body is the payload, no tag, no framing; the
 * answer's body is the server's payload. Every request and answer is compared byte for byte.
 */
class HttpCodecTest {
    static final byte[] PAYLOAD = body(40);

    static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    static byte[] concat(String head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] response(byte[] body) {
        return concat(
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: keep-alive\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n",
                body);
    }

    @Test
    void directRequestIsPostApiWithHostAndContentLength() throws Exception {
        ScriptedWire wire = ScriptedWire.empty();
        HttpCodec.client("149.154.167.40", null, null, 1 << 20).writeFrame(wire, PAYLOAD, 0, 40, false);
        assertThat(wire.written())
                .isEqualTo(concat(
                        "POST /api HTTP/1.1\r\n"
                                + "Host: 149.154.167.40\r\n"
                                + "Connection: keep-alive\r\n"
                                + "Content-Length: 40\r\n"
                                + "\r\n",
                        PAYLOAD));
        assertThat(HttpCodec.hostHeader("127.0.0.1", 8080)).isEqualTo("127.0.0.1:8080");
        assertThat(HttpCodec.hostHeader("::1", 80)).isEqualTo("[::1]");
    }

    @Test
    void throughAPlainProxyTheTargetIsAbsoluteAndTheProxyIsAuthorised() throws Exception {
        ScriptedWire wire = ScriptedWire.empty();
        HttpCodec.client("149.154.167.40", "http://149.154.167.40/api", "Basic dXNlcjpwYXNz", 1 << 20)
                .writeFrame(wire, PAYLOAD, 0, 40, false);
        assertThat(wire.written())
                .isEqualTo(concat(
                        "POST http://149.154.167.40/api HTTP/1.1\r\n"
                                + "Host: 149.154.167.40\r\n"
                                + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n"
                                + "Proxy-Connection: keep-alive\r\n"
                                + "Connection: keep-alive\r\n"
                                + "Content-Length: 40\r\n"
                                + "\r\n",
                        PAYLOAD));
    }

    @Test
    void clientReadsKeepAliveAnswersInAnyChunkingAndEmptyOnes() throws Exception {
        byte[] second = body(24);
        byte[] stream = concat(
                new String(response(PAYLOAD), StandardCharsets.ISO_8859_1)
                        + new String(response(new byte[0]), StandardCharsets.ISO_8859_1),
                response(second));
        for (int chunk : new int[] {1, 3, 7, 1000}) {
            HttpCodec c = HttpCodec.client("h", null, null, 1 << 20);
            ScriptedWire wire = ScriptedWire.script(stream, chunk);
            assertThat(((Frame.Packet) c.readFrame(wire)).payload()).isEqualTo(PAYLOAD);
            assertThat(((Frame.Packet) c.readFrame(wire)).payload()).isEmpty();
            assertThat(((Frame.Packet) c.readFrame(wire)).payload()).isEqualTo(second);
            assertThat(c.receivedOffset()).isEqualTo(stream.length);
            assertThatThrownBy(() -> c.readFrame(wire)).isInstanceOf(EndOfStream.class);
        }
    }

    @Test
    void clientTurnsStatusesAndBadHeadsIntoTypedErrors() {
        byte[] notFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpCodec c = HttpCodec.client("h", null, null, 1 << 20);
        assertThatThrownBy(() -> c.readFrame(ScriptedWire.script(notFound, 5)))
                .isInstanceOfSatisfying(
                        TransportException.class, e -> assertThat(e.code()).isEqualTo(-404));
        assertThat(c.peerWantsClose()).isTrue();
        byte[] chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpCodec.client("h", null, null, 1 << 20).readFrame(ScriptedWire.script(chunked, 9)))
                .isInstanceOf(FrameException.class)
                .hasMessage("BAD_LENGTH at offset 0x0: HTTP response without Content-Length"
                        + " (chunked bodies are not supported)");
        byte[] garbage = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpCodec.client("h", null, null, 1 << 20).readFrame(ScriptedWire.script(garbage, 9)))
                .isInstanceOf(FrameException.class)
                .hasMessage("UNKNOWN_TAG at offset 0x0: expected an HTTP/1.x status line, got: SSH-2.0-OpenSSH");
        byte[] huge = ("HTTP/1.1 200 OK\r\nX: " + "a".repeat(9000)).getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpCodec.client("h", null, null, 1 << 20).readFrame(ScriptedWire.script(huge, 500)))
                .isInstanceOf(FrameException.class)
                .hasMessage("TOO_LARGE at offset 0x0: HTTP head longer than 8192 bytes");
        byte[] tooBig = "HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpCodec.client("h", null, null, 1 << 20).readFrame(ScriptedWire.script(tooBig, 9)))
                .isInstanceOf(io.mtj.transport.FrameTooLargeException.class);
        byte[] cut = Arrays.copyOf(response(PAYLOAD), response(PAYLOAD).length - 10);
        assertThatThrownBy(() -> HttpCodec.client("h", null, null, 1 << 20).readFrame(ScriptedWire.script(cut, 9)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("TRUNCATED")
                .hasMessageContaining("inside an HTTP body of 40 bytes");
    }

    @Test
    void serverAnswersEachRequestOnceAndQueuesWhatCannotBeSentYet() throws Exception {
        byte[] request = concat(
                "POST /api HTTP/1.1\r\nHost: 127.0.0.1:443\r\nConnection: keep-alive\r\nContent-Length: 40\r\n\r\n",
                PAYLOAD);
        byte[] twoRequests = concat(new String(request, StandardCharsets.ISO_8859_1), request);
        ScriptedWire wire = ScriptedWire.script(twoRequests, 11);
        HttpCodec server = HttpCodec.server(1 << 20);
        byte[] early = body(8);
        server.writeFrame(wire, early, 0, 8, false); // no request yet: queued
        assertThat(wire.written()).isEmpty();
        assertThat(((Frame.Packet) server.readFrame(wire)).payload()).isEqualTo(PAYLOAD);
        // the queued packet answered the request as soon as it was read
        assertThat(wire.written()).isEqualTo(response(early));
        byte[] answer = body(12);
        server.writeFrame(wire, answer, 0, 12, false); // queued: the request is answered already
        assertThat(((Frame.Packet) server.readFrame(wire)).payload()).isEqualTo(PAYLOAD);
        assertThat(wire.written())
                .isEqualTo(concat(new String(response(early), StandardCharsets.ISO_8859_1), response(answer)));
        // the queued packet answered the second request on arrival; the stream ends with nothing pending
        assertThatThrownBy(() -> server.readFrame(wire)).isInstanceOf(EndOfStream.class);
        assertThat(wire.written())
                .isEqualTo(concat(new String(response(early), StandardCharsets.ISO_8859_1), response(answer)));
    }

    @Test
    void withNothingToSayAndNoHttpWaitTheAnswerIsEmptyAtOnce() throws Exception {
        byte[] request = concat("POST /api HTTP/1.1\r\nContent-Length: 40\r\n\r\n", PAYLOAD);
        ScriptedWire wire = ScriptedWire.script(request, 64);
        HttpCodec server = HttpCodec.server(1 << 20);
        server.readFrame(wire);
        assertThat(wire.written()).isEmpty();
        assertThatThrownBy(() -> server.readFrame(wire)).isInstanceOf(EndOfStream.class);
        assertThat(wire.written()).isEqualTo(response(new byte[0]));
    }

    @Test
    void aHeldRequestIsAnsweredByTheNextPacketOrEmptyAfterItsHold() throws Exception {
        byte[] request = concat("POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n", PAYLOAD);
        ScriptedWire wire = ScriptedWire.script(request, 64);
        HttpCodec server = HttpCodec.server(1 << 20);
        server.readFrame(wire);
        server.hold(Duration.ofMillis(50));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> server.readFrame(wire)).isInstanceOf(EndOfStream.class);
        assertThat(System.nanoTime() - t0).as("held at least its hold").isGreaterThanOrEqualTo(50_000_000L);
        assertThat(wire.written()).isEqualTo(response(new byte[0]));
    }

    @Test
    void serverRefusesWhatIsNotPostApi() {
        byte[] get = "GET /api HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpCodec.server(1 << 20).readFrame(ScriptedWire.script(get, 64)))
                .isInstanceOf(FrameException.class)
                .hasMessage("UNKNOWN_TAG at offset 0x0: expected POST /api HTTP/1.1, got: GET /api HTTP/1.1");
        byte[] empty = "POST /api HTTP/1.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpCodec.server(1 << 20).readFrame(ScriptedWire.script(empty, 64)))
                .isInstanceOf(FrameException.class)
                .hasMessage("BAD_LENGTH at offset 0x0: POST /api with an empty body");
    }

    @Test
    void serverErrorIsAnHttpStatusAndClosesTheConnection() throws Exception {
        byte[] request = concat("POST /api HTTP/1.1\r\nContent-Length: 40\r\n\r\n", PAYLOAD);
        ScriptedWire wire = ScriptedWire.script(request, 64);
        HttpCodec server = HttpCodec.server(1 << 20);
        server.readFrame(wire);
        server.writeError(wire, -404);
        assertThat(new String(wire.written(), StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Type: application/octet-stream\r\n"
                        + "Connection: close\r\nContent-Length: 0\r\n\r\n");
    }
}
