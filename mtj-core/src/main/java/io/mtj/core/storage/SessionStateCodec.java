package io.mtj.core.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One {@link SessionState}'s fields on disk, big-endian, written and read here for both file formats: the single-DC
 * {@link SessionFile} (version 1) and every DC's entry of a {@link DcStatesFile} (version 2).
 *
 * <pre>
 * int dc_id, u16 host length + host (UTF-8, 1..255 bytes), int port,
 * 256 bytes auth key, long server salt, long clock offset (ms),
 * int n (0..64) + n * (int valid_since, int valid_until, long salt)
 * </pre>
 */
final class SessionStateCodec {
    /** Longest host name kept, in UTF-8 bytes. */
    static final int MAX_HOST = 255;

    private SessionStateCodec() {}

    /** Writes what {@link #framed} puts between the version and the CRC. */
    @FunctionalInterface
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** A whole file: the magic, {@code version}, the body, and the CRC32 of everything before it. */
    static byte[] framed(int version, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(SessionFile.MAGIC);
            out.writeShort(version);
            body.write(out);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    static void write(DataOutputStream out, SessionState state) throws IOException {
        byte[] host = state.host().getBytes(StandardCharsets.UTF_8);
        if (host.length > MAX_HOST) {
            throw new IllegalArgumentException("host name longer than " + MAX_HOST + " bytes");
        }
        out.writeInt(state.dcId());
        out.writeShort(host.length);
        out.write(host);
        out.writeInt(state.port());
        out.write(state.authKey());
        out.writeLong(state.serverSalt());
        out.writeLong(state.clockOffsetMillis());
        out.writeInt(state.futureSalts().size());
        for (FutureSalt salt : state.futureSalts()) {
            out.writeInt(salt.validSince());
            out.writeInt(salt.validUntil());
            out.writeLong(salt.salt());
        }
    }

    /**
     * Reads one state at {@code in}'s position, which ends after it.
     *
     * @param what names the file (and the entry) in error messages, as "session file X" or "session file X, entry 2"
     * @throws SessionFileException naming {@code what}, the field, its offset and what is wrong
     */
    static SessionState read(ByteBuffer in, String what) throws SessionFileException {
        try {
            int dcId = in.getInt();
            int at = in.position();
            int hostLength = Short.toUnsignedInt(in.getShort());
            if (hostLength == 0 || hostLength > MAX_HOST) {
                throw new SessionFileException(what + ": host length " + hostLength + " at offset 0x"
                        + Integer.toHexString(at) + " is outside 1.." + MAX_HOST);
            }
            byte[] host = new byte[hostLength];
            in.get(host);
            int port = in.getInt();
            byte[] key = new byte[256];
            in.get(key);
            long salt = in.getLong();
            long offset = in.getLong();
            at = in.position();
            int n = in.getInt();
            if (n < 0 || n > SessionState.MAX_FUTURE_SALTS) {
                throw new SessionFileException(what + ": future salt count " + n + " at offset 0x"
                        + Integer.toHexString(at) + " is outside 0.." + SessionState.MAX_FUTURE_SALTS);
            }
            List<FutureSalt> salts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                salts.add(new FutureSalt(in.getInt(), in.getInt(), in.getLong()));
            }
            try {
                return new SessionState(dcId, new String(host, StandardCharsets.UTF_8), port, key, salt, offset, salts);
            } catch (IllegalArgumentException e) {
                throw new SessionFileException(what + " holds invalid values: " + e.getMessage(), e);
            }
        } catch (BufferUnderflowException e) {
            throw new SessionFileException(what + " is truncated at offset 0x" + Integer.toHexString(in.limit()), e);
        }
    }
}
