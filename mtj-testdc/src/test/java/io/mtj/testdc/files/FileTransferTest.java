package io.mtj.testdc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.InputFile;
import io.mtj.api.telegram.InputFileBig;
import io.mtj.api.telegram.InputFileType;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.api.telegram.UploadSaveFilePart;
import io.mtj.core.ClientConfig;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.files.FileCaller;
import io.mtj.core.files.FileDownloader;
import io.mtj.core.files.FileTransferException;
import io.mtj.core.files.FileUploader;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.RpcAnswer;
import io.mtj.testdc.TestDc;
import io.mtj.tl.TlMethod;
import io.mtj.transport.Endpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FileUploader and FileDownloader against the test DC over two real connections. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FileTransferTest {
    private static TestDc dc;
    private static final List<TelegramClient> clients = new ArrayList<>();

    /** A connection that records the most bytes it ever had in flight and how many calls it carried. */
    static final class Counting implements FileCaller {
        final TelegramClient client;
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong maxInFlight = new AtomicLong();
        final AtomicLong calls = new AtomicLong();

        Counting(TelegramClient client) {
            this.client = client;
        }

        @Override
        public <R> CompletableFuture<R> invoke(TlMethod<R> method) {
            long bytes =
                    switch (method) {
                        case UploadSaveFilePart p -> p.bytes().length;
                        case UploadGetFile g -> g.limit();
                        default -> 0;
                    };
            maxInFlight.accumulateAndGet(inFlight.addAndGet(bytes), Math::max);
            calls.incrementAndGet();
            return client.invoke(method).whenComplete((r, e) -> inFlight.addAndGet(-bytes));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(78);
        dc = TestDc.builder().rsaKey(RsaKeyPair.generate2048(seeded)).build();
        for (int i = 0; i < 2; i++) {
            TelegramClient c = new TelegramClient(ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                    .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                    .serverKeys(List.of(dc.publicKey()))
                    .callTimeout(Duration.ofSeconds(30))
                    .reconnect(ReconnectPolicy.NEVER)
                    .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                    .build());
            c.connect();
            clients.add(c);
        }
    }

    @AfterAll
    static void stop() {
        clients.forEach(TelegramClient::close);
        dc.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void uploadsInPartsWithAtMostTheBudgetInFlightPerConnection() throws Exception {
        byte[] file = random(3 * 1024 * 1024 + 1, 1);
        Counting one = new Counting(clients.get(0));
        Counting two = new Counting(clients.get(1));
        List<long[]> progress = new ArrayList<>();
        InputFileType result = new FileUploader(List.of(one, two), 1024 * 1024, new SplittableRandom(3))
                .upload(
                        new ByteArrayInputStream(file),
                        file.length,
                        "a.bin",
                        (d, t) -> progress.add(new long[] {d, t}));
        InputFile small = (InputFile) result;
        assertThat(small.parts()).isEqualTo(7);
        assertThat(small.name()).isEqualTo("a.bin");
        assertThat(dc.files().uploaded(small.id())).isEqualTo(file);
        assertThat(one.calls.get() + two.calls.get()).isEqualTo(7);
        assertThat(one.calls.get()).isPositive();
        assertThat(two.calls.get()).isPositive();
        assertThat(one.maxInFlight.get()).isLessThanOrEqualTo(1024 * 1024);
        assertThat(two.maxInFlight.get()).isLessThanOrEqualTo(1024 * 1024);
        assertThat(progress).hasSize(7);
        assertThat(progress.get(6)).containsExactly(file.length, file.length);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
        }
    }

    @Test
    void filesOverTenMegabytesGoAsBigFileParts() throws Exception {
        byte[] file = random(10 * 1024 * 1024 + 5, 2);
        InputFileType result = new FileUploader(List.of(clients.get(0)::invoke))
                .upload(new ByteArrayInputStream(file), file.length, "big.bin", (d, t) -> {});
        InputFileBig big = (InputFileBig) result;
        assertThat(big.parts()).isEqualTo(21);
        assertThat(dc.files().uploaded(big.id())).isEqualTo(file);
    }

    @Test
    void aRefusedPartStopsTheUploadNamingThePart() {
        dc.enqueue(UploadSaveFilePart.class, RpcAnswer.error(400, "FILE_PART_INVALID"));
        byte[] file = random(600 * 1024, 3);
        assertThatThrownBy(() -> new FileUploader(List.of(clients.get(0)::invoke))
                        .upload(new ByteArrayInputStream(file), file.length, "x.bin", (d, t) -> {}))
                .isInstanceOf(FileTransferException.class)
                .hasMessageContaining("x.bin stopped at part 0 of 2")
                .hasCauseInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((FileTransferException) e).part()).isZero());
        assertThatThrownBy(() -> new FileUploader(List.of(clients.get(0)::invoke))
                        .upload(new ByteArrayInputStream(new byte[10]), 20, "short.bin", (d, t) -> {}))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessageContaining("ended after 10 of 20 bytes");
    }

    @Test
    void downloadsInOrderWithKnownAndUnknownSize() throws Exception {
        byte[] doc = random(5 * 1024 * 1024 + 123, 4);
        dc.files().putDocument(9, 99, doc);
        var loc = new InputDocumentFileLocation(9, 99, new byte[0], "");
        Counting one = new Counting(clients.get(0));
        Counting two = new Counting(clients.get(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> progress = new ArrayList<>();
        long n = new FileDownloader(List.of(one, two), 2).download(loc, doc.length, out, (d, t) -> progress.add(d));
        assertThat(n).isEqualTo(doc.length);
        assertThat(out.toByteArray()).isEqualTo(doc);
        assertThat(one.calls.get() + two.calls.get()).isEqualTo(6);
        assertThat(one.maxInFlight.get()).isLessThanOrEqualTo(2 * 1024 * 1024);
        assertThat(progress).last().isEqualTo((long) doc.length);

        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        long m = new FileDownloader(List.of(clients.get(0)::invoke)).download(loc, -1, unknown, (d, t) -> {});
        assertThat(m).isEqualTo(doc.length);
        assertThat(unknown.toByteArray()).isEqualTo(doc);

        byte[] exact = Arrays.copyOf(doc, 2 * 1024 * 1024);
        dc.files().putDocument(10, 1, exact);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        new FileDownloader(List.of(clients.get(0)::invoke))
                .download(new InputDocumentFileLocation(10, 1, new byte[0], ""), -1, whole, (d, t) -> {});
        assertThat(whole.toByteArray()).isEqualTo(exact);

        assertThatThrownBy(() -> new FileDownloader(List.of(clients.get(0)::invoke))
                        .download(new InputDocumentFileLocation(11, 1, new byte[0], ""), -1, whole, (d, t) -> {}))
                .isInstanceOf(FileTransferException.class)
                .hasMessageContaining("part 0")
                .hasMessageContaining("LOCATION_INVALID");
    }
}
