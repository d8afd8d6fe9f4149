package io.mtj.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {

    private static SessionState state(long salt) {
        byte[] key = new byte[256];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7);
        }
        return new SessionState(
                2,
                "149.154.167.50",
                443,
                key,
                salt,
                -1500,
                List.of(new FutureSalt(100, 200, 0x1111), new FutureSalt(0xf0000000, 0xffffffff, -2)));
    }

    @Test
    void roundTripsWithOwnerOnlyPermissionsAndNoLeftovers(@TempDir Path dir) throws Exception {
        SessionFile file = new SessionFile(dir.resolve("a/b/session"));
        assertThat(file.load()).isEmpty();
        file.save(state(0x0102030405060708L));
        assertThat(file.load()).contains(state(0x0102030405060708L));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                .isEqualTo("rw-------");
        file.save(state(9));
        assertThat(file.load()).contains(state(9));
        try (var files = Files.list(file.path().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("session");
        }
        file.clear();
        assertThat(file.load()).isEmpty();
    }

    @Test
    void exactHeaderBytes() {
        byte[] data = SessionFile.encode(state(1));
        // "MTJS", version 1, dc 2, host length 14
        assertThat(HexFormat.of().formatHex(data, 0, 12)).isEqualTo("4d544a53" + "0001" + "00000002" + "000e");
        // magic 4 + version 2 + dc 4 + host 2 + 14 + port 4 + key 256 + salt 8 + offset 8 + count 4 + 2*16 + crc 4
        assertThat(data).hasSize(4 + 2 + 4 + 2 + 14 + 4 + 256 + 8 + 8 + 4 + 32 + 4);
    }

    @Test
    void corruptedByteIsRejectedWithTheCrc(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s");
        new SessionFile(path).save(state(1));
        byte[] data = Files.readAllBytes(path);
        data[100] ^= 1;
        Files.write(path, data);
        assertThatThrownBy(() -> new SessionFile(path, SessionFile.OnCorrupt.REFUSE).load())
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("is corrupted: CRC32 expected 0x");
        assertThat(Files.readAllBytes(path)).isEqualTo(data); // refusing leaves the file as it was
    }

    /**
     * By default an unusable file (corrupt, truncated, empty) is moved to {@code <name>.corrupt} with its bytes, the
     * fault is kept with the path, and the load answers "nothing saved" so the client makes a new key.
     */
    @Test
    void anUnusableFileIsSetAsideAsCorrupt(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s");
        byte[] whole = SessionFile.encode(state(1));
        byte[][] bad = {new byte[0], Arrays.copyOf(whole, 100), flip(whole, 200)};
        String[] said = {"is empty (0 bytes)", "is corrupted: CRC32", "is corrupted: CRC32"};
        for (int i = 0; i < bad.length; i++) {
            Files.write(path, bad[i]);
            SessionFile file = new SessionFile(path);
            assertThat(file.load()).isEmpty();
            assertThat(path).doesNotExist();
            assertThat(Files.readAllBytes(file.corruptPath())).isEqualTo(bad[i]);
            assertThat(file.corruptPath().getFileName().toString()).isEqualTo("s.corrupt");
            assertThat(file.setAside().orElseThrow())
                    .hasMessageContaining("session file " + path)
                    .hasMessageContaining(said[i]);
            file.save(state(2)); // the next save writes a good file at the same path
            assertThat(file.load()).contains(state(2));
            assertThat(file.setAside()).isPresent();
        }
    }

    @Test
    void aDirectoryIsRefusedWithItsPath(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new SessionFile(dir).load())
                .isInstanceOf(SessionFileException.class)
                .hasMessage("session file " + dir.toAbsolutePath()
                        + " is a directory, not a file; name a file (it is created on the first connect)");
        assertThat(dir).isDirectory();
    }

    private static byte[] flip(byte[] data, int at) {
        byte[] copy = data.clone();
        copy[at] ^= 0x40;
        return copy;
    }

    @Test
    void wrongMagicVersionTruncationAndSizeAreTyped() throws Exception {
        byte[] good = SessionFile.encode(state(1));
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> SessionFile.decode(magic, "f"))
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("magic");
        byte[] version = good.clone();
        version[5] = 2;
        assertThatThrownBy(() -> SessionFile.decode(version, "f"))
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("holds every DC's session (format version 2");
        assertThatThrownBy(() -> SessionFile.decode(Arrays.copyOf(good, 3), "f"))
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> SessionFile.decode(new byte[SessionFile.MAX_FILE_SIZE + 1], "f"))
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("larger than 0x1000");
    }

    @Test
    void outOfRangeCountWithValidCrcIsRejected() {
        byte[] good = SessionFile.encode(state(1));
        // the salt count sits right before the two salts and the CRC
        int countAt = good.length - 4 - 32 - 4;
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(countAt, 1000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bad, 0, bad.length - 4);
        ByteBuffer.wrap(bad).putInt(bad.length - 4, (int) crc.getValue());
        assertThatThrownBy(() -> SessionFile.decode(bad, "f"))
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("future salt count 1000 at offset 0x12e is outside 0..64");
    }

    @Test
    void toStringHidesKeyAndSalts() {
        assertThat(state(0x7777).toString()).doesNotContain("7777").contains("dc=2");
    }
}
