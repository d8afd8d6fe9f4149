package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.NearestDc;
import io.mtj.api.telegram.StorageFileUnknown;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.CallEffect;
import io.mtj.testdc.Executions;
import io.mtj.testdc.TestDc;
import io.mtj.tl.TlMethod;
import io.mtj.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The test DC's answer budget is honest (issue 10): an answer whose bytes went for the session's byte budget is gone
 * (not kept for msg_resend_req, not re-sent on the next connection), and its request reads as status 1 ("nothing
 * known") in msgs_state_info, as Telegram reports a message it forgot. The client then ends that call with {@link
 * OutcomeUnknownException} at once, instead of asking for the answer with msg_resend_req until the call's deadline.
 */
class AnswerBudgetTest {
    /** Far below the call timeout (60 s): a call that waited for its deadline would fail this bound. */
    private static final long BOUND_SECONDS = 20;

    private static final int BUDGET = 16 * 1024;
    /** Each file answer is about 8,030 bytes: two fit the budget, three do not. */
    private static final int PART = 8000;

    private static final int FILE_CALLS = 4;

    @Test
    void anAnswerForgottenForTheBudgetEndsItsCallAsUnknownAtOnceAndNothingRunsTwice() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(1016);
        RsaKeyPair rsa = RsaKeyPair.generate2048(seeded);
        try (TestDc dc = TestDc.builder().rsaKey(rsa).answerMemory(BUDGET).build()) {
            // random (incompressible) bytes, derived from the request's offset so each answer can be checked
            dc.handle(UploadGetFile.class, m -> new UploadFile(new StorageFileUnknown(), 0, part(m.offset())));
            ClientConfig config = ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                    .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                    .serverKeys(List.of(dc.publicKey()))
                    .device(new DeviceInfo("JUnit", "AnswerBudget 1.0", "9.9", "en", "", "en"))
                    .connectTimeout(Duration.ofSeconds(5))
                    .handshakeTimeout(Duration.ofSeconds(10))
                    .callTimeout(Duration.ofSeconds(60))
                    .random(new SplittableRandom(16))
                    .reconnect(new ReconnectPolicy(5, Duration.ofMillis(50), Duration.ofMillis(200)))
                    .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                    .build();
            try (TelegramClient client = new TelegramClient(config)) {
                client.connect();
                dc.executions()
                        .identity(r -> r.method() instanceof HelpGetNearestDc
                                ? "nearest"
                                : r.method() instanceof UploadGetFile f
                                        ? "file " + f.offset()
                                        : Executions.messageKey(r));
                // one container: help.getNearestDc, then four file parts. The DC executes all five, seals the
                // answers in that order (the file answers push the oldest out of the 16 KB budget: the nearest-DC
                // answer, then the first two parts) and cuts the connection halfway through the packet carrying
                // them, so the client receives none of them
                dc.faults().onCall(HelpGetNearestDc.class, CallEffect.closeMidAnswer());
                List<TlMethod<?>> calls = new ArrayList<>();
                calls.add(new HelpGetNearestDc());
                for (int i = 0; i < FILE_CALLS; i++) {
                    calls.add(new UploadGetFile(
                            false, false, new InputDocumentFileLocation(1, 2, new byte[0], ""), i * 4096L, 4096));
                }
                Session session = ClientAccess.session(client).orElseThrow();
                List<CompletableFuture<?>> futures = session.invokeAll(calls);

                // on the next connection: the kept answers (the last two parts) are re-sent; the others read as
                // status 1 and end as unknown, each well before the call timeout
                assertThat(failure(futures.get(0)))
                        .isInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("HelpGetNearestDc");
                assertThat(failure(futures.get(1))).isInstanceOf(OutcomeUnknownException.class);
                assertThat(failure(futures.get(2))).isInstanceOf(OutcomeUnknownException.class);
                for (int i = 2; i < FILE_CALLS; i++) {
                    Object answer = futures.get(1 + i).get(BOUND_SECONDS, TimeUnit.SECONDS);
                    assertThat(answer).isInstanceOf(UploadFile.class);
                    assertThat(((UploadFile) answer).bytes()).isEqualTo(part(i * 4096L));
                }
                assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(session);
                assertThat(session.connected()).isTrue();

                assertThat(dc.executions().count("nearest")).isEqualTo(1);
                for (int i = 0; i < FILE_CALLS; i++) {
                    assertThat(dc.executions().count("file " + i * 4096L))
                            .as("file part %d executed", i)
                            .isEqualTo(1);
                }
                assertThat(dc.executions().executedMoreThanOnce()).isZero();
                // the session is usable after it: a new call is answered
                NearestDc after = client.invokeBlocking(new HelpGetNearestDc());
                assertThat(after.thisDc()).isEqualTo(dc.dcId());
            }
        }
    }

    private static byte[] part(long offset) {
        byte[] bytes = new byte[PART];
        new SplittableRandom(offset).nextBytes(bytes);
        return bytes;
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(BOUND_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return java.util.Objects.requireNonNull(e.getCause(), "cause");
        }
    }
}
