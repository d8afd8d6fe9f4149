package io.mtj.tl;

import java.io.IOException;

/**
 * Thrown when TL bytes cannot be decoded: truncated input, a length that runs past the end, an unknown
 * constructor id, a wrong vector id, or a gzip_packed payload that exceeds its bound.
 *
 * <p>It is a checked {@link IOException} because malformed TL always comes from the wire (or storage), and
 * callers that read from the wire already handle {@code IOException}. Messages name what was expected and what was
 * found, with offsets in hex relative to the start of the reader; they never contain payload bytes.
 */
public final class TlDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    public TlDecodeException(String message) {
        super(message);
    }

    public TlDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
