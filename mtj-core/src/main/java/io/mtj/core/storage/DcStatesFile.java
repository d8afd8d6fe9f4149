package io.mtj.core.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * One account's sessions on every DC in one file: the main DC and each DC's {@link SessionState}. This class is the
 * format and the file operations only; the store that keeps it current as clients save is {@code
 * io.mtj.core.dc.DcSessionFile}.
 *
 * <p>Format, version 2, big-endian:
 *
 * <pre>
 * "MTJS" magic, u16 version = 2,
 * int main_dc (0 when none was saved), u16 n (0..32),
 * n * (int entry length, entry: one state as in version 1 without magic, version and CRC), dc ids ascending,
 * int CRC32 of everything before it
 * </pre>
 *
 * A version 1 file (the single-DC {@link SessionFile}) is still read, as that DC's state and that DC as the main one.
 * A file longer than {@value #MAX_FILE_SIZE} bytes, with another magic or version, a wrong CRC, a count or an entry
 * length out of range, an entry that does not fill its length exactly, DC ids out of order or repeated, or trailing
 * bytes is damaged: {@link #decode} throws {@link SessionFileException} naming the file, the entry and the offset.
 */
public final class DcStatesFile {
    /** The format version this class writes. */
    public static final int VERSION = 2;

    /** Most DCs one file holds (Telegram has five, plus test and CDN DCs). */
    public static final int MAX_DCS = 32;

    /** Largest file accepted: 32 DCs of at most 1,569 bytes each fit well under it. */
    public static final int MAX_FILE_SIZE = 64 * 1024;

    private static final int HEADER = 4 + 2 + 4 + 2;

    /**
     * What the file holds.
     *
     * @param mainDc the main DC, or 0 when none was saved
     * @param states each DC's state by DC id (the key equals the state's {@link SessionState#dcId()})
     */
    public record Contents(int mainDc, SortedMap<Integer, SessionState> states) {
        /**
         * Copies the map and checks it.
         *
         * @throws IllegalArgumentException when the main DC is negative, there are more than {@value #MAX_DCS}
         *     states, or a state is filed under another DC's id
         */
        public Contents {
            if (mainDc < 0) {
                throw new IllegalArgumentException("main dc must be 0 (none) or positive, got " + mainDc);
            }
            if (states.size() > MAX_DCS) {
                throw new IllegalArgumentException(
                        "at most " + MAX_DCS + " DCs' sessions in one file, got " + states.size());
            }
            for (Map.Entry<Integer, SessionState> e : states.entrySet()) {
                if (e.getKey() != e.getValue().dcId()) {
                    throw new IllegalArgumentException(
                            "dc " + e.getValue().dcId() + "'s session filed under dc " + e.getKey());
                }
            }
            states = Collections.unmodifiableSortedMap(new TreeMap<>(states));
        }

        /** {@return the main DC, or empty when none was saved} */
        public Optional<Integer> main() {
            return mainDc == 0 ? Optional.empty() : Optional.of(mainDc);
        }
    }

    /**
     * A file as read.
     *
     * @param version the format version it was written in: {@value SessionFile#VERSION} (one DC's state) or {@value
     *     #VERSION}
     * @param contents what it holds
     */
    public record Read(int version, Contents contents) {}

    private final Path path;

    /**
     * The file at {@code path} (made absolute); nothing is read or written until asked.
     *
     * @param path the file; its directory is created on the first write
     */
    public DcStatesFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** {@return the absolute path of the file} */
    public Path path() {
        return path;
    }

    /**
     * Reads the file: version 2, or a version 1 single-DC file.
     *
     * @return what it holds and the version it was written in, or empty when there is no file
     * @throws SessionFileException when the file is damaged or of an unknown version, naming the path and the fault
     * @throws IOException when it cannot be read
     */
    public Optional<Read> read() throws IOException {
        Optional<byte[]> data = AtomicWrite.read(path, MAX_FILE_SIZE);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = data.get();
        return Optional.of(new Read(SessionFile.versionOf(bytes), decode(bytes, path.toString())));
    }

    /**
     * Replaces the file with {@code contents} in version 2, atomically (temporary file, forced, renamed) and
     * owner-only, as {@link SessionFile} does.
     *
     * @param contents what to keep
     * @throws IOException when it cannot be written (the previous file then stays as it was)
     */
    public void write(Contents contents) throws IOException {
        AtomicWrite.write(path, encode(contents));
    }

    /**
     * The version 2 bytes of {@code contents}.
     *
     * @param contents the main DC and the states
     * @return magic, version, main DC, entries and the CRC32
     * @throws IllegalArgumentException when a host name is longer than 255 bytes
     */
    public static byte[] encode(Contents contents) {
        return SessionStateCodec.framed(VERSION, out -> {
            out.writeInt(contents.mainDc());
            out.writeShort(contents.states().size());
            for (SessionState state : contents.states().values()) {
                ByteArrayOutputStream entry = new ByteArrayOutputStream(600);
                try (DataOutputStream e = new DataOutputStream(entry)) {
                    SessionStateCodec.write(e, state);
                }
                out.writeInt(entry.size());
                entry.writeTo(out);
            }
        });
    }

    /**
     * Parses a file of version 2, or of version 1 (one DC's state, which is then the main DC).
     *
     * @param data the file's bytes
     * @param name names the file in error messages
     * @return the main DC and the states
     * @throws SessionFileException naming the file and what is wrong (magic, version, checksum, a count, an entry's
     *     length or order, with offsets)
     */
    public static Contents decode(byte[] data, String name) throws SessionFileException {
        String file = "session file " + name;
        if (data.length > MAX_FILE_SIZE) {
            throw new SessionFileException(file + " is 0x" + Integer.toHexString(data.length)
                    + " bytes, more than the 0x" + Integer.toHexString(MAX_FILE_SIZE) + " a session file can be");
        }
        int version = SessionFile.versionOf(data);
        if (version == SessionFile.VERSION) {
            SessionState single = SessionFile.decode(data, name);
            return new Contents(single.dcId(), new TreeMap<>(Map.of(single.dcId(), single)));
        }
        if (data.length == 0) {
            throw new SessionFileException(file + " is empty (0 bytes)");
        }
        if (version < 0) {
            throw new SessionFileException(file + " does not start with the magic \"MTJS\"");
        }
        if (version != VERSION) {
            throw new SessionFileException(file + " has format version " + version + ", this library reads versions "
                    + SessionFile.VERSION + " and " + VERSION);
        }
        if (data.length < HEADER + 4) {
            throw new SessionFileException(file + " is truncated: 0x" + Integer.toHexString(data.length)
                    + " bytes, less than the 0x" + Integer.toHexString(HEADER + 4) + " of an empty one");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new SessionFileException(file + " is corrupted: CRC32 expected 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Long.toHexString(crc.getValue()));
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, data.length - 4).position(6);
        int main = in.getInt();
        if (main < 0) {
            throw new SessionFileException(file + ": main dc " + main + " at offset 0x6 is negative");
        }
        int n = Short.toUnsignedInt(in.getShort());
        if (n > MAX_DCS) {
            throw new SessionFileException(file + ": dc count " + n + " at offset 0xa is outside 0.." + MAX_DCS);
        }
        TreeMap<Integer, SessionState> states = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int at = in.position();
            String entry = file + ", entry " + i + " at offset 0x" + Integer.toHexString(at);
            int length;
            try {
                length = in.getInt();
            } catch (BufferUnderflowException e) {
                throw new SessionFileException(entry + ": the file ends before the entry's length", e);
            }
            if (length < 0 || length > in.remaining()) {
                throw new SessionFileException(entry + ": length 0x" + Integer.toHexString(length)
                        + " runs past the end of the file (0x" + Integer.toHexString(in.remaining()) + " bytes left)");
            }
            int end = in.position() + length;
            ByteBuffer body = in.duplicate().limit(end); // offsets in messages stay the file's
            in.position(end);
            SessionState state = SessionStateCodec.read(body, entry);
            if (body.hasRemaining()) {
                throw new SessionFileException(entry + ": the state ends 0x" + Integer.toHexString(body.remaining())
                        + " bytes before the entry's length");
            }
            if (!states.isEmpty() && state.dcId() <= states.lastKey()) {
                throw new SessionFileException(entry + ": dc " + state.dcId() + " follows dc " + states.lastKey()
                        + " (entries are kept once each, dc ids ascending)");
            }
            states.put(state.dcId(), state);
        }
        if (in.hasRemaining()) {
            throw new SessionFileException(
                    file + " has 0x" + Integer.toHexString(in.remaining()) + " trailing bytes after entry " + (n - 1));
        }
        try {
            return new Contents(main, states);
        } catch (IllegalArgumentException e) {
            throw new SessionFileException(file + " holds invalid values: " + e.getMessage(), e);
        }
    }
}
