package io.mtj.testdc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.api.telegram.UploadSaveBigFilePart;
import io.mtj.api.telegram.UploadSaveFilePart;
import io.mtj.core.ClientConfig;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test DC's file methods through a real client and the wire: stored bytes come back exactly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileMethodsTest {
    private static TestDc dc;
    private static TelegramClient client;

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(77);
        dc = TestDc.builder().rsaKey(RsaKeyPair.generate2048(seeded)).build();
        client = new TelegramClient(ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .callTimeout(Duration.ofSeconds(20))
                .reconnect(ReconnectPolicy.NEVER)
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                .build());
        client.connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        dc.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void partsSavedOverTheWireAreTheFile() throws Exception {
        byte[] a = random(512 * 1024, 1);
        byte[] b = random(1000, 2);
        assertThat(client.invokeBlocking(new UploadSaveFilePart(5, 0, a))).isTrue();
        assertThat(client.invokeBlocking(new UploadSaveFilePart(5, 1, b))).isTrue();
        byte[] whole = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, whole, a.length, b.length);
        assertThat(dc.files().uploaded(5)).isEqualTo(whole);
        assertThat(client.invokeBlocking(new UploadSaveBigFilePart(6, 0, 2, b))).isTrue();
        assertThatThrownBy(() -> client.invokeBlocking(new UploadSaveBigFilePart(6, 2, 2, b)))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("FILE_PART_INVALID");
    }

    @Test
    void getFileAnswersTheDocumentsBytes() throws Exception {
        byte[] doc = random(3 << 20, 3);
        dc.files().putDocument(42, 4242, doc);
        var loc = new InputDocumentFileLocation(42, 4242, new byte[0], "");
        UploadFile second = (UploadFile) client.invokeBlocking(new UploadGetFile(false, false, loc, 1 << 20, 1 << 20));
        assertThat(second.bytes()).isEqualTo(Arrays.copyOfRange(doc, 1 << 20, 2 << 20));
        assertThatThrownBy(() -> client.invokeBlocking(new UploadGetFile(false, false, loc, 100, 4096)))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("OFFSET_INVALID");
    }
}
