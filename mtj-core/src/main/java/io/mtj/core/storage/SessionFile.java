package io.mtj.core.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * A file shorter than the fixed part (or empty), longer than {@value #MAX_FILE_SIZE} bytes, with another magic or
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

    private static final byte[] MAGIC = "MTJS".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HOST = 255;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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
            if (onCorrupt == OnCorrupt.REFUSE) {
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
        byte[] data;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_FILE_SIZE) {
                throw new SessionFileException("session file " + path + " is 0x" + Long.toHexString(size)
                        + " bytes, more than the 0x" + Integer.toHexString(MAX_FILE_SIZE) + " a session file can be");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading
            }
            data = buf.array();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(data, path.toString()));
    }

    @Override
    public void save(SessionState state) throws IOException {
        byte[] data = encode(state);
        Path dir = path.getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, path.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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
        byte[] host = state.host().getBytes(StandardCharsets.UTF_8);
        if (host.length > MAX_HOST) {
            throw new IllegalArgumentException("host name longer than " + MAX_HOST + " bytes");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
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
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
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
        if (data.length > MAX_FILE_SIZE) {
            throw new SessionFileException(
                    "session file " + name + " is larger than 0x" + Integer.toHexString(MAX_FILE_SIZE));
        }
        if (data.length == 0) {
            throw new SessionFileException("session file " + name + " is empty (0 bytes)");
        }
        if (data.length < 4 + 4) {
            throw new SessionFileException(
                    "session file " + name + " is truncated: 0x" + Integer.toHexString(data.length) + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4));
        try {
            byte[] magic = new byte[4];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new SessionFileException("session file " + name + " does not start with the magic \"MTJS\"");
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new SessionFileException("session file " + name + " has format version " + version
                        + ", this library reads version " + VERSION);
            }
            if (stored != (int) crc.getValue()) {
                throw new SessionFileException("session file " + name + " is corrupted: CRC32 expected 0x"
                        + Integer.toHexString(stored) + ", computed 0x" + Long.toHexString(crc.getValue()));
            }
            int dcId = in.readInt();
            int hostLength = in.readUnsignedShort();
            if (hostLength == 0 || hostLength > MAX_HOST) {
                throw new SessionFileException("session file " + name + ": host length " + hostLength
                        + " at offset 0xa is outside 1.." + MAX_HOST);
            }
            byte[] host = new byte[hostLength];
            in.readFully(host);
            int port = in.readInt();
            byte[] key = new byte[256];
            in.readFully(key);
            long salt = in.readLong();
            long offset = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > SessionState.MAX_FUTURE_SALTS) {
                throw new SessionFileException("session file " + name + ": future salt count " + n + " is outside 0.."
                        + SessionState.MAX_FUTURE_SALTS);
            }
            List<FutureSalt> salts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                salts.add(new FutureSalt(in.readInt(), in.readInt(), in.readLong()));
            }
            if (in.available() != 0) {
                throw new SessionFileException(
                        "session file " + name + " has 0x" + Integer.toHexString(in.available()) + " trailing bytes");
            }
            try {
                return new SessionState(dcId, new String(host, StandardCharsets.UTF_8), port, key, salt, offset, salts);
            } catch (IllegalArgumentException e) {
                throw new SessionFileException("session file " + name + " holds invalid values: " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new SessionFileException("session file " + name + " is truncated", e);
        } catch (SessionFileException e) {
            throw e;
        } catch (IOException e) {
            throw new SessionFileException("session file " + name + " cannot be read: " + e.getMessage(), e);
        }
    }
}
