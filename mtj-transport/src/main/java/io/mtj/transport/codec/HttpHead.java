package io.mtj.transport.codec;

import io.mtj.transport.FrameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The start line and the headers {@link HttpCodec} cares about, read from a head's text, and the heads it writes:
 * requests ({@code POST /api} or the absolute form for a plain proxy) and answers.
 *
 * @param contentLength -1 when absent
 */
record HttpHead(
        String startLine, long contentLength, @Nullable String connection, boolean chunked) {
    /** Parses the text before the blank line; {@code start} is its stream offset, for errors. */
    static HttpHead parse(String text, long start) throws FrameException {
        String[] lines = text.split("\\r\\n");
        long length = -1;
        String connection = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new FrameException(
                        FrameException.Fault.UNKNOWN_TAG, start, "malformed HTTP header line: " + lines[i]);
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    if (!value.matches("[0-9]{1,10}")) {
                        throw new FrameException(
                                FrameException.Fault.BAD_LENGTH, start, "bad Content-Length: " + value);
                    }
                    length = Long.parseLong(value);
                }
                case "connection" -> connection = value;
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                default -> {}
            }
        }
        return new HttpHead(lines[0], length, connection, chunked);
    }

    /** A client request head for a body of {@code length} bytes. */
    static byte[] request(
            @Nullable String host, @Nullable String absoluteTarget, @Nullable String proxyAuthorization, int length) {
        StringBuilder head = new StringBuilder(160);
        head.append("POST ")
                .append(absoluteTarget != null ? absoluteTarget : "/api")
                .append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        if (absoluteTarget != null) {
            if (proxyAuthorization != null) {
                head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
            }
            head.append("Proxy-Connection: keep-alive\r\n");
        }
        head.append("Connection: keep-alive\r\n");
        head.append("Content-Length: ").append(length).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A server answer head: status {@code code}, keep-alive unless {@code close}. */
    static byte[] response(int code, boolean close, int length) {
        String reason =
                switch (code) {
                    case 200 -> "OK";
                    case 404 -> "Not Found";
                    case 429 -> "Too Many Requests";
                    case 444 -> "Invalid DC";
                    default -> "Error";
                };
        String head = "HTTP/1.1 " + code + " " + reason + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Connection: " + (close ? "close" : "keep-alive") + "\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }
}
