package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.InputFileLocation;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.api.telegram.UploadSaveBigFilePart;
import io.mtj.api.telegram.UploadSaveFilePart;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FileStoreTest {
    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void assertFails(Runnable r, String error) {
        assertThatThrownBy(r::run).isInstanceOf(RpcFailure.class).hasMessage("400 " + error);
    }

    @Test
    void partsSentOutOfOrderAssembleIntoTheFile() {
        FileStore store = new FileStore();
        FileHandlers h = new FileHandlers(store);
        byte[] a = bytes(4096, 1);
        byte[] b = bytes(4096, 2);
        byte[] c = bytes(100, 3);
        assertThat(h.saveFilePart(new UploadSaveFilePart(7, 2, c))).isTrue();
        h.saveFilePart(new UploadSaveFilePart(7, 0, a));
        assertFails(() -> store.uploaded(7), "FILE_PARTS_INVALID");
        h.saveFilePart(new UploadSaveFilePart(7, 1, bytes(4096, 9)));
        h.saveFilePart(new UploadSaveFilePart(7, 1, b)); // a part sent again replaces the first copy
        byte[] whole = new byte[8292];
        System.arraycopy(a, 0, whole, 0, 4096);
        System.arraycopy(b, 0, whole, 4096, 4096);
        System.arraycopy(c, 0, whole, 8192, 100);
        assertThat(store.uploaded(7)).isEqualTo(whole);
        assertThat(store.uploadBytes()).isEqualTo(8292);
        assertThat(store.uploaded(8)).isNull();
    }

    @Test
    void refusesPartsTelegramRefuses() {
        FileHandlers h = new FileHandlers(new FileStore());
        assertFails(() -> h.saveFilePart(new UploadSaveFilePart(1, 0, new byte[0])), "FILE_PART_EMPTY");
        assertFails(() -> h.saveFilePart(new UploadSaveFilePart(1, 0, new byte[512 * 1024 + 1])), "FILE_PART_TOO_BIG");
        assertFails(() -> h.saveFilePart(new UploadSaveFilePart(1, -1, new byte[4])), "FILE_PART_INVALID");
        assertFails(() -> h.saveFilePart(new UploadSaveFilePart(1, 4000, new byte[4])), "FILE_PART_INVALID");
        assertFails(() -> h.saveBigFilePart(new UploadSaveBigFilePart(2, 3, 3, new byte[4])), "FILE_PART_INVALID");
        assertFails(() -> h.saveBigFilePart(new UploadSaveBigFilePart(2, 0, 0, new byte[4])), "FILE_PARTS_INVALID");
        h.saveBigFilePart(new UploadSaveBigFilePart(2, 0, 3, new byte[1024]));
        assertFails(() -> h.saveBigFilePart(new UploadSaveBigFilePart(2, 1, 4, new byte[1024])), "FILE_PARTS_INVALID");
    }

    @Test
    void partSizesFollowTheRules() {
        FileStore store = new FileStore();
        store.savePart(1, 0, 0, new byte[3000]);
        store.savePart(1, 1, 0, new byte[3000]);
        assertFails(() -> store.uploaded(1), "FILE_PART_SIZE_INVALID");
        store.savePart(2, 0, 0, new byte[2048]);
        store.savePart(2, 1, 0, new byte[1024]);
        store.savePart(2, 2, 0, new byte[10]);
        assertFails(() -> store.uploaded(2), "FILE_PART_SIZE_CHANGED");
        store.savePart(3, 0, 2, new byte[1024]);
        assertFails(() -> store.uploaded(3), "FILE_PARTS_INVALID"); // declared two parts, one came
        store.savePart(3, 1, 2, new byte[5]);
        assertThat(store.uploaded(3)).hasSize(1029);
        store.savePart(4, 0, 0, new byte[3000]); // one part: any size
        assertThat(store.uploaded(4)).hasSize(3000);
    }

    @Test
    void theOldestUploadsAreForgottenWhenTheBudgetIsFull() {
        FileStore store = new FileStore(1024 * 1024);
        store.savePart(1, 0, 0, new byte[512 * 1024]);
        store.savePart(2, 0, 0, new byte[256 * 1024]);
        store.savePart(3, 0, 0, new byte[512 * 1024]);
        assertThat(store.partCount(1)).isZero();
        assertThat(store.partCount(2)).isEqualTo(1);
        assertThat(store.partCount(3)).isEqualTo(1);
        assertThat(store.uploadBytes()).isEqualTo(768 * 1024);
        store.savePart(3, 1, 0, new byte[512 * 1024]);
        assertThat(store.partCount(2)).isZero();
        assertFails(() -> store.savePart(3, 2, 0, new byte[4]), "FILE_PARTS_INVALID"); // alone over the budget
        assertThat(store.uploadBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void getFileReadsRangesUnderTelegramsRules() {
        FileStore store = new FileStore();
        FileHandlers h = new FileHandlers(store);
        byte[] content = bytes(3 * 1024 * 1024 + 5, 4);
        store.putDocument(10, 99, content);
        var loc = new InputDocumentFileLocation(10, 99, new byte[0], "");
        UploadFile first = h.getFile(new UploadGetFile(false, false, loc, 0, 1024 * 1024));
        assertThat(first.bytes()).isEqualTo(Arrays.copyOf(content, 1024 * 1024));
        UploadFile tail = h.getFile(new UploadGetFile(false, false, loc, 3 * 1024 * 1024, 512 * 1024));
        assertThat(tail.bytes()).isEqualTo(Arrays.copyOfRange(content, 3 * 1024 * 1024, content.length));
        assertThat(h.getFile(new UploadGetFile(false, false, loc, 4 * 1024 * 1024, 4096))
                        .bytes())
                .isEmpty();
        UploadFile precise = h.getFile(new UploadGetFile(true, false, loc, 1024, 3072));
        assertThat(precise.bytes()).isEqualTo(Arrays.copyOfRange(content, 1024, 4096));

        assertFails(() -> h.getFile(new UploadGetFile(false, false, loc, 1024, 4096)), "OFFSET_INVALID");
        assertFails(() -> h.getFile(new UploadGetFile(false, false, loc, -4096, 4096)), "OFFSET_INVALID");
        assertFails(() -> h.getFile(new UploadGetFile(false, false, loc, 0, 3 * 4096)), "LIMIT_INVALID");
        assertFails(() -> h.getFile(new UploadGetFile(false, false, loc, 0, 2 * 1024 * 1024)), "LIMIT_INVALID");
        assertFails(() -> h.getFile(new UploadGetFile(false, false, loc, 0, 0)), "LIMIT_INVALID");
        assertFails(() -> h.getFile(new UploadGetFile(true, false, loc, 1023 * 1024, 2048)), "LIMIT_INVALID");
        var wrongHash = new InputDocumentFileLocation(10, 98, new byte[0], "");
        assertFails(() -> h.getFile(new UploadGetFile(false, false, wrongHash, 0, 4096)), "LOCATION_INVALID");
        var other = new InputFileLocation(1, 2, 3L, new byte[0]);
        assertFails(() -> h.getFile(new UploadGetFile(false, false, other, 0, 4096)), "LOCATION_INVALID");
    }
}
