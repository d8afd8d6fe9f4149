package io.mtj.transport.ws;

import io.mtj.transport.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The RFC 6455 opening handshake on any lower {@link Wire} (plain TCP, TLS, or a proxied socket),
 * both sides. Telegram's WebSocket endpoint is {@value #DEFAULT_PATH} with sub-protocol {@value
 * #PROTOCOL}. On failure the lower wire is closed and a {@link WebSocketException} says what was
 * expected and what came.
 */
public final class WebSocketHandshake {
    /**
     * The request path of Telegram's WebSocket endpoints.
     */
    public static final String DEFAULT_PATH = "/apiws";
    /**
     * The sub-protocol both sides must name in {@code Sec-WebSocket-Protocol}.
     */
    public static final String PROTOCOL = "binary";

    /** Upper bound for the request or response head (status line and headers). */
    public static final int MAX_HEAD = 8 * 1024;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {}

    /**
     * Computes {@code base64(SHA-1(key + GUID))}, the value of {@code Sec-WebSocket-Accept}.
     *
     * @param key the client's {@code Sec-WebSocket-Key} as sent (base64 text)
     * @return the accept value the server must answer with
     */
    public static String acceptKey(String key) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable in this JDK", e);
        }
    }

    /**
     * Client side: sends the upgrade request for {@code path} on {@code host} (the Host header,
     * with a port when not the default) and checks the server's 101 answer. Frames are limited to
     * {@link WebSocketWire#DEFAULT_MAX_FRAME}.
     *
     * @param lower the connected wire; closed if the handshake fails
     * @param hostHeader the Host header value
     * @param path the request path
     * @param random the source of the key and of the frame masks
     * @return the WebSocket wire over {@code lower}
     * @throws WebSocketException if the answer is not a valid 101 upgrade (status, headers, accept key or
     *     sub-protocol), saying what was expected and what came
     * @throws IOException if the wire fails or its read timeout expires
     */
    public static WebSocketWire client(Wire lower, String hostHeader, String path, RandomGenerator random)
            throws IOException {
        return client(lower, hostHeader, path, random, WebSocketWire.DEFAULT_MAX_FRAME);
    }

    /**
     * Client side with a chosen frame limit; otherwise exactly
     * {@link #client(Wire, String, String, RandomGenerator)}.
     *
     * @param lower the connected wire; closed if the handshake fails
     * @param hostHeader the Host header value
     * @param path the request path
     * @param random the source of the key and of the frame masks
     * @param maxFrame the largest frame payload accepted from the server, in bytes
     * @return the WebSocket wire over {@code lower}
     * @throws WebSocketException if the answer is not a valid 101 upgrade
     * @throws IOException if the wire fails or its read timeout expires
     */
    public static WebSocketWire client(
            Wire lower, String hostHeader, String path, RandomGenerator random, long maxFrame) throws IOException {
        try {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: " + PROTOCOL + "\r\n"
                    + "\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            lower.write(bytes, 0, bytes.length);
            lower.flush();
            Head head = readHead(lower, "response");
            String[] status = head.firstLine.split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("101")) {
                throw new WebSocketException(
                        "WebSocket handshake: expected status 101, got '" + printable(head.firstLine) + "'");
            }
            expectToken(head, "upgrade", "websocket", "response");
            expectToken(head, "connection", "upgrade", "response");
            String expected = acceptKey(key);
            String accept = head.get("sec-websocket-accept");
            if (!expected.equals(accept)) {
                throw new WebSocketException("WebSocket handshake: Sec-WebSocket-Accept expected " + expected + ", got "
                        + (accept == null ? "none" : "'" + printable(accept) + "'"));
            }
            String protocol = head.get("sec-websocket-protocol");
            if (!PROTOCOL.equals(protocol)) {
                throw new WebSocketException("WebSocket handshake: sub-protocol expected '" + PROTOCOL + "', got "
                        + (protocol == null ? "none" : "'" + printable(protocol) + "'"));
            }
            return new WebSocketWire(lower, true, random, maxFrame);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lower, e);
            throw e;
        }
    }

    /**
     * Server side: reads the upgrade request, checks method, {@code path}, upgrade headers, version
     * 13, the key and the {@value #PROTOCOL} sub-protocol, and answers 101. A bad request gets a 4xx
     * answer before the wire is closed.
     *
     * @param lower the accepted wire; closed if the handshake fails
     * @param path the only request path accepted
     * @param random the random source handed to the resulting wire (server frames are sent unmasked)
     * @param maxFrame the largest frame payload accepted from the client, in bytes
     * @return the WebSocket wire over {@code lower}
     * @throws WebSocketException if the request is not a valid upgrade to {@code path}
     * @throws IOException if the wire fails or its read timeout expires
     */
    public static WebSocketWire server(Wire lower, String path, RandomGenerator random, long maxFrame)
            throws IOException {
        try {
            Head head = readHead(lower, "request");
            String[] line = head.firstLine.split(" ", 3);
            if (line.length != 3 || !line[0].equals("GET") || !line[2].startsWith("HTTP/1.")) {
                throw reject(
                        lower,
                        "400 Bad Request",
                        "expected 'GET <path> HTTP/1.1', got '" + printable(head.firstLine) + "'");
            }
            if (!line[1].equals(path)) {
                throw reject(lower, "404 Not Found", "expected path " + path + ", got " + printable(line[1]));
            }
            if (!hasToken(head.get("upgrade"), "websocket") || !hasToken(head.get("connection"), "upgrade")) {
                throw reject(lower, "400 Bad Request", "expected 'Upgrade: websocket' and 'Connection: Upgrade'");
            }
            String version = head.get("sec-websocket-version");
            if (!"13".equals(version)) {
                throw reject(
                        lower,
                        "426 Upgrade Required",
                        "expected Sec-WebSocket-Version 13, got " + (version == null ? "none" : printable(version)));
            }
            String key = head.get("sec-websocket-key");
            if (key == null || !isNonce(key)) {
                throw reject(lower, "400 Bad Request", "Sec-WebSocket-Key must be base64 of 16 bytes");
            }
            if (!hasToken(head.get("sec-websocket-protocol"), PROTOCOL)) {
                throw reject(lower, "400 Bad Request", "expected sub-protocol '" + PROTOCOL + "' to be offered");
            }
            String response = "HTTP/1.1 101 Switching Protocols\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n"
                    + "Sec-WebSocket-Protocol: " + PROTOCOL + "\r\n"
                    + "\r\n";
            byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
            lower.write(bytes, 0, bytes.length);
            lower.flush();
            return new WebSocketWire(lower, false, random, maxFrame);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lower, e);
            throw e;
        }
    }

    private static boolean isNonce(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static WebSocketException reject(Wire lower, String status, String reason) {
        byte[] answer = ("HTTP/1.1 " + status + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try {
            lower.write(answer, 0, answer.length);
            lower.flush();
        } catch (IOException ignored) {
            // the client may already be gone; the rejection stands
        }
        return new WebSocketException("WebSocket handshake rejected (" + status + "): " + reason);
    }

    private static void expectToken(Head head, String name, String token, String what) throws WebSocketException {
        String value = head.get(name);
        if (!hasToken(value, token)) {
            throw new WebSocketException("WebSocket handshake: " + what + " header " + name + " expected '" + token
                    + "', got " + (value == null ? "none" : "'" + printable(value) + "'"));
        }
    }

    private static boolean hasToken(@Nullable String value, String token) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",", -1)) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Status or request line plus headers, names lower-cased, repeated headers joined by commas. */
    private record Head(String firstLine, Map<String, String> headers) {
        @Nullable
        String get(String name) {
            return headers.get(name);
        }
    }

    /** Reads up to the blank line, byte by byte so not one byte of the first frame is consumed. */
    private static Head readHead(Wire lower, String what) throws IOException {
        byte[] buf = new byte[MAX_HEAD];
        int n = 0;
        byte[] one = new byte[1];
        while (n < 4 || buf[n - 4] != '\r' || buf[n - 3] != '\n' || buf[n - 2] != '\r' || buf[n - 1] != '\n') {
            if (n == buf.length) {
                throw new WebSocketException(
                        "WebSocket handshake: " + what + " head exceeds " + MAX_HEAD + " bytes without a blank line");
            }
            if (lower.read(one, 0, 1) < 0) {
                throw new java.io.EOFException(
                        "WebSocket handshake: connection closed after " + n + " bytes of the " + what + " head");
            }
            buf[n++] = one[0];
        }
        String text = new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new WebSocketException("WebSocket handshake: malformed " + what + " header line " + i + ": '"
                        + printable(lines[i]) + "'");
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new Head(lines[0], headers);
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void closeQuietly(Wire lower, Exception e) {
        try {
            lower.close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }
}
