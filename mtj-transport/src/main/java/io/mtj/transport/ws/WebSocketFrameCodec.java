package io.mtj.transport.ws;

import io.mtj.transport.Wire;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 6455 frame headers and masking, used by both sides: the client masks what it sends and the
 * server never does, so each side tells the codec whether incoming frames must be masked.
 */
public final class WebSocketFrameCodec {
    /**
     * Opcode of a frame continuing a fragmented message.
     */
    public static final int CONTINUATION = 0x0;
    /**
     * Opcode of a UTF-8 text message; MTProto never sends one.
     */
    public static final int TEXT = 0x1;
    /**
     * Opcode of a binary message, the kind that carries MTProto bytes.
     */
    public static final int BINARY = 0x2;
    /**
     * Opcode of a close control frame.
     */
    public static final int CLOSE = 0x8;
    /**
     * Opcode of a ping control frame; the receiver answers with a pong.
     */
    public static final int PING = 0x9;
    /**
     * Opcode of a pong control frame.
     */
    public static final int PONG = 0xa;

    /** Longest possible header: 2 bytes, 8-byte length, 4-byte mask. */
    public static final int MAX_HEADER = 14;

    /** Largest payload a control frame may carry. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * A decoded frame header.
     *
     * @param fin whether this frame ends its message
     * @param opcode the frame's opcode, one of the constants of {@link WebSocketFrameCodec}
     * @param masked whether the payload is masked
     * @param mask the masking key as a big-endian int (meaningful only when {@code masked})
     * @param length the payload length in bytes, never negative
     */
    public record Header(boolean fin, int opcode, boolean masked, int mask, long length) {
        /**
         * Tells whether this is a control frame (close, ping, pong), which is never fragmented.
         *
         * @return true for opcodes with bit 3 set
         */
        public boolean isControl() {
            return (opcode & 0x8) != 0;
        }
    }

    private WebSocketFrameCodec() {}

    /**
     * Writes a header into {@code dst} at 0 and returns its length. The length field takes the shortest
     * of its three forms.
     *
     * @param dst where the header goes; at least {@link #MAX_HEADER} bytes long
     * @param fin whether this frame ends its message
     * @param opcode the frame's opcode; only its low four bits are used
     * @param length the payload length in bytes
     * @param mask the masking key, or null for an unmasked (server) frame
     * @return the header length in bytes, 2 to 14
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static int writeHeader(
            byte[] dst, boolean fin, int opcode, long length, byte @org.jspecify.annotations.Nullable [] mask) {
        if (length < 0) {
            throw new IllegalArgumentException("frame length must not be negative, got " + length);
        }
        int p = 0;
        dst[p++] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x0f));
        int maskBit = mask == null ? 0 : 0x80;
        if (length < 126) {
            dst[p++] = (byte) (maskBit | (int) length);
        } else if (length <= 0xffff) {
            dst[p++] = (byte) (maskBit | 126);
            dst[p++] = (byte) (length >>> 8);
            dst[p++] = (byte) length;
        } else {
            dst[p++] = (byte) (maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                dst[p++] = (byte) (length >>> shift);
            }
        }
        if (mask != null) {
            System.arraycopy(mask, 0, dst, p, 4);
            p += 4;
        }
        return p;
    }

    /**
     * Builds a complete frame: header and payload, the payload masked when {@code mask} is given. The
     * source array is not changed.
     *
     * @param fin whether this frame ends its message
     * @param opcode the frame's opcode
     * @param payload the array holding the payload
     * @param off where the payload starts
     * @param len the payload length in bytes
     * @param mask the 4-byte masking key, or null for an unmasked (server) frame
     * @return a new array holding the frame
     */
    public static byte[] encode(
            boolean fin,
            int opcode,
            byte[] payload,
            int off,
            int len,
            byte @org.jspecify.annotations.Nullable [] mask) {
        byte[] header = new byte[MAX_HEADER];
        int h = writeHeader(header, fin, opcode, len, mask);
        byte[] frame = new byte[h + len];
        System.arraycopy(header, 0, frame, 0, h);
        System.arraycopy(payload, off, frame, h, len);
        if (mask != null) {
            mask(frame, h, len, toInt(mask), 0);
        }
        return frame;
    }

    /**
     * Reads and checks one frame header.
     *
     * @param in the stream to read from; exactly the header's bytes are consumed
     * @param expectMasked true at the server (client frames must be masked), false at the client
     * @param maxPayload the largest data-frame payload accepted
     * @return the decoded header
     * @throws WebSocketException if reserved bits are set, the opcode is unknown, the mask bit is wrong for
     *     the side, a control frame is fragmented or longer than 125 bytes, or the payload exceeds
     *     {@code maxPayload} ({@link WebSocketException#MESSAGE_TOO_BIG})
     * @throws IOException if the stream fails or ends inside the header
     */
    public static Header readHeader(Wire in, boolean expectMasked, long maxPayload) throws IOException {
        byte[] b = new byte[8];
        in.readFully(b, 0, 2);
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if ((b0 & 0x70) != 0) {
            throw new WebSocketException(String.format(
                    "WebSocket frame: reserved bits RSV1-3 must be 0 (no extension negotiated), got 0x%x",
                    (b0 & 0x70) >>> 4));
        }
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        if (opcode != CONTINUATION
                && opcode != TEXT
                && opcode != BINARY
                && opcode != CLOSE
                && opcode != PING
                && opcode != PONG) {
            throw new WebSocketException(String.format("WebSocket frame: unknown opcode 0x%x", opcode));
        }
        boolean masked = (b1 & 0x80) != 0;
        if (masked != expectMasked) {
            throw new WebSocketException(
                    expectMasked
                            ? "WebSocket frame: client frames must be masked, got an unmasked frame"
                            : "WebSocket frame: server frames must not be masked, got a masked frame");
        }
        long length = b1 & 0x7f;
        if (length == 126) {
            in.readFully(b, 0, 2);
            length = (long) (((b[0] & 0xff) << 8) | (b[1] & 0xff));
        } else if (length == 127) {
            in.readFully(b, 0, 8);
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (b[i] & 0xff);
            }
            if (length < 0) {
                throw new WebSocketException("WebSocket frame: 64-bit length has its most significant bit set");
            }
        }
        boolean control = (opcode & 0x8) != 0;
        if (control && (!fin || length > MAX_CONTROL_PAYLOAD)) {
            throw new WebSocketException(String.format(
                    "WebSocket frame: control frame 0x%x must be final with at most %d payload bytes, got fin=%b length=%d",
                    opcode, MAX_CONTROL_PAYLOAD, fin, length));
        }
        if (length > maxPayload) {
            throw new WebSocketException(
                    WebSocketException.MESSAGE_TOO_BIG,
                    "WebSocket frame: payload of " + length + " bytes exceeds the limit of " + maxPayload);
        }
        int mask = 0;
        if (masked) {
            in.readFully(b, 0, 4);
            mask = toInt(b);
        }
        return new Header(fin, opcode, masked, mask, length);
    }

    /**
     * XORs {@code buf[off, off+len)} with the mask, {@code position} being the offset of {@code
     * buf[off]} within the frame payload. Masking and unmasking are the same operation.
     *
     * @param buf the bytes to mask in place
     * @param off where the bytes start
     * @param len how many bytes to mask
     * @param mask the masking key as a big-endian int
     * @param position the offset of {@code buf[off]} from the start of the frame's payload
     */
    public static void mask(byte[] buf, int off, int len, int mask, long position) {
        // turn the key so that its first byte lines up with buf[off], then XOR eight bytes at a time
        int key = Integer.rotateLeft(mask, 8 * (int) (position & 3));
        long wide = ((long) key << 32) | (key & 0xffffffffL);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(buf, off + i, (long) LONGS.get(buf, off + i) ^ wide);
        }
        for (; i < len; i++) {
            buf[off + i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
    }

    static int toInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
