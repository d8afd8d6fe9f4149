package io.mtj.transport.mtproxy;

import static io.mtj.transport.mtproxy.FakeTlsException.Reason.MALFORMED_HELLO;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a ClientHello record the proxy side needs: the client random, the session id and
 * the SNI host name. {@link #parse} checks the whole structure (every length against what encloses
 * it) and reports the first inconsistency with its offset in hex.
 */
public final class ClientHelloInfo {
    private final byte[] random;
    private final byte[] sessionId;
    private final @Nullable String serverName;

    private ClientHelloInfo(byte[] random, byte[] sessionId, @Nullable String serverName) {
        this.random = random;
        this.sessionId = sessionId;
        this.serverName = serverName;
    }

    /**
     * Gives the 32-byte client random.
     *
     * @return a fresh copy
     */
    public byte[] random() {
        return random.clone();
    }

    /**
     * Gives the legacy session id, which the server echoes.
     *
     * @return a fresh copy, 0 to 32 bytes
     */
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /**
     * Gives the SNI host name.
     *
     * @return the name, or null when the hello has none
     */
    public @Nullable String serverName() {
        return serverName;
    }

    /**
     * Parses a complete handshake record (5-byte header included).
     *
     * @param record the record as received; not kept
     * @return the parts the proxy side needs
     * @throws FakeTlsException ({@link FakeTlsException.Reason#MALFORMED_HELLO}) at the first length or
     *     field that does not fit, naming its offset
     */
    public static ClientHelloInfo parse(byte[] record) throws FakeTlsException {
        Cursor c = new Cursor(record);
        c.need(TlsBytes.RECORD_HEADER, "record header");
        if ((record[0] & 0xff) != TlsBytes.HANDSHAKE) {
            throw new FakeTlsException(
                    FakeTlsException.Reason.BAD_RECORD_TYPE,
                    String.format(
                            "ClientHello: expected record type 0x16 at offset 0x0, got 0x%02x", record[0] & 0xff));
        }
        int recordLength = TlsBytes.u16(record, 3);
        if (recordLength != record.length - TlsBytes.RECORD_HEADER) {
            throw malformed(3, "record length " + recordLength + " but " + (record.length - 5) + " bytes follow");
        }
        c.pos = TlsBytes.RECORD_HEADER;
        int type = c.u8("handshake type");
        if (type != 1) {
            throw malformed(5, String.format("expected handshake type 0x01 (ClientHello), got 0x%02x", type));
        }
        int bodyLength = c.u24("handshake length");
        if (bodyLength != record.length - 9) {
            throw malformed(6, "handshake length " + bodyLength + " but " + (record.length - 9) + " bytes follow");
        }
        int version = c.u16("client version");
        if (version != 0x0303) {
            throw malformed(9, String.format("expected client version 0x0303, got 0x%04x", version));
        }
        byte[] random = c.bytes(32, "random");
        int sessionLength = c.u8("session id length");
        if (sessionLength > 32) {
            throw malformed(c.pos - 1, "session id length " + sessionLength + " exceeds 32");
        }
        byte[] sessionId = c.bytes(sessionLength, "session id");
        int suites = c.u16("cipher suites length");
        if (suites == 0 || suites % 2 != 0) {
            throw malformed(c.pos - 2, "cipher suites length " + suites + " is not a positive even number");
        }
        c.skip(suites, "cipher suites");
        int compression = c.u8("compression methods length");
        c.skip(compression, "compression methods");
        String serverName = null;
        if (c.pos < record.length) {
            int extLength = c.u16("extensions length");
            if (extLength != record.length - c.pos) {
                throw malformed(
                        c.pos - 2,
                        "extensions length " + extLength + " but " + (record.length - c.pos) + " bytes follow");
            }
            while (c.pos < record.length) {
                int extType = c.u16("extension type");
                int len = c.u16("extension length");
                int start = c.pos;
                c.need(len, String.format("extension 0x%04x", extType));
                if (extType == 0x0000) {
                    serverName = serverName(c, start + len);
                }
                c.pos = start + len;
            }
        }
        return new ClientHelloInfo(random, sessionId, serverName);
    }

    private static @Nullable String serverName(Cursor c, int end) throws FakeTlsException {
        int listLength = c.u16("server name list length");
        if (c.pos + listLength != end) {
            throw malformed(c.pos - 2, "server name list length " + listLength + " does not fill its extension");
        }
        String found = null;
        while (c.pos < end) {
            int nameType = c.u8("server name type");
            int nameLength = c.u16("server name length");
            byte[] name = c.bytes(nameLength, "server name");
            if (c.pos > end) {
                throw malformed(c.pos - nameLength, "server name runs past its extension");
            }
            if (nameType == 0 && found == null) {
                found = new String(name, StandardCharsets.ISO_8859_1);
            }
        }
        return found;
    }

    private static FakeTlsException malformed(int offset, String what) {
        return new FakeTlsException(
                MALFORMED_HELLO, "malformed ClientHello at offset 0x" + Integer.toHexString(offset) + ": " + what);
    }

    private static final class Cursor {
        final byte[] b;
        int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        void need(int n, String what) throws FakeTlsException {
            if (n < 0 || pos + n > b.length) {
                throw malformed(pos, what + " needs " + n + " bytes, only " + (b.length - pos) + " left");
            }
        }

        int u8(String what) throws FakeTlsException {
            need(1, what);
            return b[pos++] & 0xff;
        }

        int u16(String what) throws FakeTlsException {
            need(2, what);
            int v = TlsBytes.u16(b, pos);
            pos += 2;
            return v;
        }

        int u24(String what) throws FakeTlsException {
            need(3, what);
            int v = TlsBytes.u24(b, pos);
            pos += 3;
            return v;
        }

        byte[] bytes(int n, String what) throws FakeTlsException {
            need(n, what);
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        void skip(int n, String what) throws FakeTlsException {
            need(n, what);
            pos += n;
        }
    }
}
