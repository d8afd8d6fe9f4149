package io.mtj.core.dc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.storage.DcStatesFile;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.storage.SessionFile;
import io.mtj.core.storage.SessionFileException;
import io.mtj.core.storage.SessionState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-file store of every DC's session (format version 2) and its reading of the two older layouts. */
class DcSessionFileTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    static SessionState state(int dc, long salt) {
        byte[] key = new byte[256];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + dc);
        }
        return new SessionState(
                dc, "127.0.0." + dc, 4430 + dc, key, salt, -1500L * dc, List.of(new FutureSalt(100, 200 + dc, dc)));
    }

    private List<String> names() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keysOfThreeDcsAndTheMainDcAreReadBackFromOneOwnerOnlyFile() throws Exception {
        Path path = dir.resolve("mtj.session");
        DcSessionFile store = new DcSessionFile(path);
        assertThat(store.mainDc()).isEmpty();
        assertThat(store.forDc(1).load()).isEmpty();
        for (int dc = 3; dc >= 1; dc--) {
            store.forDc(dc).save(state(dc, 100 + dc));
        }
        store.mainDc(2);
        store.forDc(3).save(state(3, 333));

        assertThat(names()).containsExactly("mtj.session");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                .isEqualTo("rw-------");
        byte[] bytes = Files.readAllBytes(path);
        // "MTJS", version 2, main dc 2, three entries, the first one dc 1's
        assertThat(HexFormat.of().formatHex(bytes, 0, 12)).isEqualTo("4d544a53" + "0002" + "00000002" + "0003");
        int entry = 4 + 2 + 9 + 4 + 256 + 8 + 8 + 4 + 16;
        assertThat(ByteBuffer.wrap(bytes).getInt(12)).isEqualTo(entry);
        assertThat(ByteBuffer.wrap(bytes).getInt(16)).isEqualTo(1);
        assertThat(bytes).hasSize(12 + 3 * (4 + entry) + 4);

        DcSessionFile again = new DcSessionFile(path);
        assertThat(again.mainDc()).hasValue(2);
        assertThat(again.forDc(1).load()).contains(state(1, 101));
        assertThat(again.forDc(2).load()).contains(state(2, 102));
        assertThat(again.forDc(3).load()).contains(state(3, 333));
        assertThat(again.forDc(4).load()).isEmpty();

        again.forDc(1).clear();
        assertThat(new DcSessionFile(path).forDc(1).load()).isEmpty();
        assertThat(new DcSessionFile(path).forDc(2).load()).contains(state(2, 102));
    }

    @Test
    void aSingleDcFileOfVersion1IsReadAsItsDcAndRewrittenAsVersion2OnTheFirstSave() throws Exception {
        Path path = dir.resolve("old.session");
        new SessionFile(path).save(state(4, 44));
        DcSessionFile store = new DcSessionFile(path);
        assertThat(store.mainDc()).hasValue(4);
        assertThat(store.forDc(4).load()).contains(state(4, 44));
        assertThat(Files.readAllBytes(path)[5]).isEqualTo((byte) 1);

        store.forDc(2).save(state(2, 22));

        assertThat(Files.readAllBytes(path)[5]).isEqualTo((byte) 2);
        assertThat(names()).containsExactly("old.session");
        DcStatesFile.Contents contents =
                new DcStatesFile(path).read().orElseThrow().contents();
        assertThat(contents.mainDc()).isEqualTo(4);
        assertThat(contents.states()).containsExactly(Map.entry(2, state(2, 22)), Map.entry(4, state(4, 44)));
    }

    @Test
    void thePerDcFilesOfTheLastLayoutAreReadAndMovedIntoTheFileOnTheFirstSave() throws Exception {
        Path path = dir.resolve("s");
        DcSessionFiles old = new DcSessionFiles(path);
        old.forDc(1).save(state(1, 11));
        old.forDc(2).save(state(2, 22));
        old.forDc(3).save(state(3, 33));
        old.mainDc(3);
        Files.writeString(dir.resolve("s.dcx"), "not a dc file"); // not a per-DC file name: left alone
        assertThat(names()).containsExactly("s.dc1", "s.dc2", "s.dc3", "s.dcx", "s.main");

        DcSessionFile store = new DcSessionFile(path);
        assertThat(store.mainDc()).hasValue(3);
        for (int dc = 1; dc <= 3; dc++) {
            assertThat(store.forDc(dc).load()).contains(state(dc, dc * 11L));
        }
        assertThat(names()).as("reading changes nothing").contains("s.dc1", "s.main");

        store.forDc(2).save(state(2, 222));

        assertThat(names()).containsExactly("s", "s.dcx");
        DcSessionFile again = new DcSessionFile(path);
        assertThat(again.mainDc()).hasValue(3);
        assertThat(again.forDc(1).load()).contains(state(1, 11));
        assertThat(again.forDc(2).load()).contains(state(2, 222));
        assertThat(again.forDc(3).load()).contains(state(3, 33));
    }

    @Test
    void perDcFilesWinOverTheVersion1FileTheyFollowed() throws Exception {
        Path path = dir.resolve("both");
        new SessionFile(path).save(state(1, 1));
        new DcSessionFiles(path).forDc(1).save(state(1, 2));
        new DcSessionFiles(path).mainDc(1);
        DcSessionFile store = new DcSessionFile(path);
        assertThat(store.forDc(1).load()).contains(state(1, 2));
        store.mainDc(1);
        assertThat(names()).containsExactly("both");
        assertThat(new DcSessionFile(path).forDc(1).load()).contains(state(1, 2));
    }

    @Test
    void concurrentSavesOfFiveDcsNeitherTearTheFileNorLoseAnUpdate() throws Exception {
        Path path = dir.resolve("busy");
        DcSessionFile store = new DcSessionFile(path);
        int rounds = 12;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> savers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int dc = 1; dc <= 5; dc++) {
                int d = dc;
                savers.add(threads.submit(() -> {
                    go.await();
                    for (int i = 1; i <= rounds; i++) {
                        store.forDc(d).save(state(d, d * 1000L + i));
                        if (d == 5) {
                            store.mainDc(1 + i % 5);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : savers) {
                f.get();
            }
        }
        DcSessionFile again = new DcSessionFile(path);
        for (int dc = 1; dc <= 5; dc++) {
            assertThat(again.forDc(dc).load()).contains(state(dc, dc * 1000L + rounds));
        }
        assertThat(again.mainDc()).hasValue(1 + rounds % 5);
        assertThat(names()).containsExactly("busy");
    }

    @Test
    void aDamagedFileIsSetAsideWithItsPathAndFaultOrRefused() throws Exception {
        Path path = dir.resolve("d");
        DcSessionFile store = new DcSessionFile(path);
        store.forDc(1).save(state(1, 1));
        store.forDc(2).save(state(2, 2));
        byte[] good = Files.readAllBytes(path);
        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        Files.write(path, flipped);

        assertThatThrownBy(() -> new DcSessionFile(path, SessionFile.OnCorrupt.REFUSE).mainDc())
                .isInstanceOf(SessionFileException.class)
                .hasMessageStartingWith("session file " + path.toAbsolutePath() + " is corrupted: CRC32 expected 0x");
        assertThat(Files.readAllBytes(path)).isEqualTo(flipped);

        DcSessionFile setAside = new DcSessionFile(path);
        assertThat(setAside.forDc(1).load()).isEmpty();
        assertThat(names()).containsExactly("d.corrupt");
        assertThat(Files.readAllBytes(dir.resolve("d.corrupt"))).isEqualTo(flipped);
        setAside.forDc(3).save(state(3, 3));
        assertThat(new DcSessionFile(path).forDc(3).load()).contains(state(3, 3));
    }

    @Test
    void lengthsCountsOrderAndVersionAreCheckedWithOffsets() throws Exception {
        TreeMap<Integer, SessionState> two = new TreeMap<>(Map.of(1, state(1, 1), 2, state(2, 2)));
        byte[] good = DcStatesFile.encode(new DcStatesFile.Contents(2, two));
        assertThat(DcStatesFile.decode(good, "f").states()).isEqualTo(two);

        byte[] longEntry = good.clone();
        ByteBuffer.wrap(longEntry).putInt(12, 0x10000);
        assertThatThrownBy(() -> DcStatesFile.decode(withCrc(longEntry), "f"))
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("session file f, entry 0 at offset 0xc: length 0x10000 runs past the end");

        byte[] count = good.clone();
        ByteBuffer.wrap(count).putShort(10, (short) 33);
        assertThatThrownBy(() -> DcStatesFile.decode(withCrc(count), "f"))
                .hasMessageContaining("dc count 33 at offset 0xa is outside 0..32");

        byte[] order = good.clone();
        ByteBuffer.wrap(order).putInt(16, 7); // dc 1's entry now says dc 7, before dc 2
        assertThatThrownBy(() -> DcStatesFile.decode(withCrc(order), "f")).hasMessageContaining("dc 2 follows dc 7");

        byte[] trailing = withCrc(java.util.Arrays.copyOf(good, good.length + 3));
        assertThatThrownBy(() -> DcStatesFile.decode(trailing, "f")).hasMessageContaining("0x3 trailing bytes");

        byte[] v3 = good.clone();
        v3[5] = 3;
        assertThatThrownBy(() -> DcStatesFile.decode(v3, "f"))
                .hasMessageContaining("format version 3, this library reads versions 1 and 2");
        assertThatThrownBy(() -> DcStatesFile.decode("MTJS".getBytes(StandardCharsets.US_ASCII), "f"))
                .hasMessageContaining("does not start with the magic");
        assertThatThrownBy(() -> DcStatesFile.decode(java.util.Arrays.copyOf(good, 10), "f"))
                .hasMessageContaining("truncated");
    }

    @Test
    void theSingleDcStoreNamesAVersion2FileAndNeverSetsItAside() throws Exception {
        Path path = dir.resolve("v2");
        new DcSessionFile(path).forDc(1).save(state(1, 1));
        assertThatThrownBy(() -> new SessionFile(path).load())
                .isInstanceOf(SessionFileException.class)
                .hasMessageContaining("holds every DC's session (format version 2")
                .hasMessageContaining("DcSessionFile");
        assertThat(names()).containsExactly("v2");
    }

    /** {@code data} with its last four bytes replaced by the CRC32 of the rest (the file stays self-consistent). */
    private static byte[] withCrc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        ByteBuffer.wrap(data).putInt(data.length - 4, (int) crc.getValue());
        return data;
    }
}
