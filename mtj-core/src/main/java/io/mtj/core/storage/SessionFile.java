package io.mtj.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} in one file, written atomically (a temporary file in the same directory, forced to disk, then
 * renamed over the old one) with owner-only permissions ({@code rw-------}) where the file system supports POSIX
 * permissions.
 *
 * <p>Format, version 1, big-endian:
 *
 * <pre>
 * "MTJS" magic, u16 version = 1,
 * int dc_id, u16 host length + host (UTF-8, at most 255 bytes), int port,
 * 256 bytes auth key, long server salt, long clock offset (ms),
 * int n (0..64) + n * (int valid_since, int valid_until, long salt),
 * int CRC32 of everything before it
 * </pre>
 *
 * A file of format version 2 (every DC's session, see {@link DcStatesFile}) is refused, never set aside: it is not
 * damaged, only meant for a DcRouter. A file shorter than the fixed part (or empty), longer than {@value #MAX_FILE_SIZE} bytes, with another magic or
 * version, a count or length out of range, trailing bytes or a wrong CRC is unusable. What {@link #load()} does then
 * is the {@link OnCorrupt} choice: by default the file is renamed to {@code <name>.corrupt} (replacing an older one),
 * a warning names the path and the fault, and the client starts over with a new key exchange; with {@link
 * OnCorrupt#REFUSE} it throws {@link SessionFileException} with the same sentence. A directory at the path is always
 * refused: a directory cannot be moved aside on the user's behalf, and no session could be saved there.
 */
public final class SessionFile implements SessionStore {
    /** Largest file accepted; a valid one is well under 2 KiB. */
    public static final int MAX_FILE_SIZE = 4096;

    /** The file format version this class writes and reads. */
    public static final int VERSION = 1;

    static final byte[] MAGIC = "MTJS".getBytes(StandardCharsets.US_ASCII);

    private static final System.Logger LOG = System.getLogger(SessionFile.class.getName());

    /** What {@link #load()} does with a file it cannot use. */
    public enum OnCorrupt {
        /** Rename it to {@code <name>.corrupt}, warn, and load nothing (the client makes a new key). */
        SET_ASIDE,
        /** Throw {@link SessionFileException}; the file stays as it is. */
        REFUSE
    }

    private final Path path;
    private final OnCorrupt onCorrupt;
    private volatile @Nullable SessionFileException setAside;

    /**
     * A store in the file at {@code path} (made absolute) that sets an unusable file aside ({@link
     * OnCorrupt#SET_ASIDE}); nothing is read or written until used.
     *
     * @param path the file; its directory must exist when saving
     */
    public SessionFile(Path path) {
        this(path, OnCorrupt.SET_ASIDE);
    }

    /**
     * A store in the file at {@code path} (made absolute).
     *
     * @param path the file; its directory must exist when saving
     * @param onCorrupt what {@link #load()} does with a file it cannot use
     */
    public SessionFile(Path path, OnCorrupt onCorrupt) {
        this.path = path.toAbsolutePath();
        this.onCorrupt = onCorrupt;
    }

    /** {@return where an unusable file is moved: {@code <name>.corrupt} beside it} */
    public Path corruptPath() {
        return path.resolveSibling(path.getFileName() + ".corrupt");
    }

    /** {@return what was wrong with the file the last {@link #load()} set aside, if it set one aside} */
    public Optional<SessionFileException> setAside() {
        return Optional.ofNullable(setAside);
    }

    /** {@return the absolute path of the file} */
    public Path path() {
        return path;
    }

    @Override
    public Optional<SessionState> load() throws IOException {
        if (Files.isDirectory(path)) {
            throw new SessionFileException("session file " + path
                    + " is a directory, not a file; name a file (it is created on the first connect)");
        }
        try {
            return read();
        } catch (SessionFileException e) {
            if (onCorrupt == OnCorrupt.REFUSE || !e.mayBeSetAside()) {
                throw e;
            }
            Path aside = corruptPath();
            Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
            setAside = e;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0}; kept it as {1} and starting over with a new key exchange",
                    e.getMessage(),
                    aside);
            return Optional.empty();
        }
    }

    private Optional<SessionState> read() throws IOException {
        // read up to the larger format's bound, so that a file of every DC's sessions is named, not set aside
        Optional<byte[]> data = AtomicWrite.read(path, Math.max(MAX_FILE_SIZE, DcStatesFile.MAX_FILE_SIZE));
        if (data.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = data.get();
        if (bytes.length > MAX_FILE_SIZE && versionOf(bytes) != DcStatesFile.VERSION) {
            throw new SessionFileException("session file " + path + " is 0x" + Integer.toHexString(bytes.length)
                    + " bytes, more than the 0x" + Integer.toHexString(MAX_FILE_SIZE) + " a session file can be");
        }
        return Optional.of(decode(bytes, path.toString()));
    }

    /** The format version of a file that starts with the magic, else -1. */
    static int versionOf(byte[] data) {
        if (data.length < 6 || !Arrays.equals(data, 0, 4, MAGIC, 0, 4)) {
            return -1;
        }
        return ((data[4] & 0xff) << 8) | (data[5] & 0xff);
    }

    @Override
    public void save(SessionState state) throws IOException {
        AtomicWrite.write(path, encode(state));
    }

    @Override
    public void clear() throws IOException {
        Files.deleteIfExists(path);
    }

    /**
     * The file bytes of {@code state}.
     *
     * @param state the state
     * @return magic, version, fields and a checksum
     * @throws IllegalArgumentException if the host name is longer than 255 bytes
     */
    public static byte[] encode(SessionState state) {
        return SessionStateCodec.framed(VERSION, out -> SessionStateCodec.write(out, state));
    }

    /**
     * Parses file bytes.
     *
     * @param name names the file in error messages
     * @param data the file's bytes
     * @return the state
     * @throws SessionFileException naming the file and what is wrong (magic, version, checksum, length)
     */
    public static SessionState decode(byte[] data, String name) throws SessionFileException {
        if (data.length > MAX_FILE_SIZE && versionOf(data) != DcStatesFile.VERSION) {
            throw new SessionFileException(
                    "session file " + name + " is larger than 0x" + Integer.toHexString(MAX_FILE_SIZE));
        }
        if (data.length == 0) {
            throw new SessionFileException("session file " + name + " is empty (0 bytes)");
        }
        if (data.length < 4 + 2 + 4) {
            throw new SessionFileException(
                    "session file " + name + " is truncated: 0x" + Integer.toHexString(data.length) + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        int version = versionOf(data);
        if (version < 0) {
            throw new SessionFileException("session file " + name + " does not start with the magic \"MTJS\"");
        }
        if (version == DcStatesFile.VERSION) {
            throw new SessionFileException(
                    "session file " + name + " holds every DC's session (format version " + version
                            + ", written by a DcRouter's store); open it with io.mtj.core.dc.DcSessionFile",
                    false);
        }
        if (version != VERSION) {
            throw new SessionFileException("session file " + name + " has format version " + version
                    + ", this library reads version " + VERSION);
        }
        if (stored != (int) crc.getValue()) {
            throw new SessionFileException("session file " + name + " is corrupted: CRC32 expected 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Long.toHexString(crc.getValue()));
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, data.length - 4).position(6);
        SessionState state = SessionStateCodec.read(in, "session file " + name);
        if (in.hasRemaining()) {
            throw new SessionFileException(
                    "session file " + name + " has 0x" + Integer.toHexString(in.remaining()) + " trailing bytes");
        }
        return state;
    }
}
