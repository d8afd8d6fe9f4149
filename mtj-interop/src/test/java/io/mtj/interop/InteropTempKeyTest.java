package io.mtj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mtcute with temporary keys (its usePfs) against a cluster DC: its binding passes the DC's checks (the sealed message
 * under the permanent key, the carrying msg_id, nonce, expires_at, key ids and session), nothing but the calls an
 * unbound key may make goes out before it, and the bound key acts for the permanent key's bot login.
 */
class InteropTempKeyTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @Test
    void mtcuteBindsATemporaryKeyOurDcAcceptsAndLogsInABotThroughIt() throws Exception {
        NodeRunner node = NodeEnvironment.requireClients();
        try (TestCluster cluster = TestCluster.builder()
                .dcs(1)
                .media(false)
                .rsaKey(RsaKeyPair.generate2048())
                .bot(42, "SECRET", 1)
                .build()) {
            Path keyFile = Files.writeString(dir.resolve("cluster.pem"), cluster.publicKeyPem());
            List<String> args = List.of(
                    "--port", String.valueOf(cluster.dc(1).port()),
                    "--dc-id", "1",
                    "--key-file", keyFile.toString(),
                    "--timeout-ms", "60000",
                    "--bot-token", "42:SECRET",
                    "--pfs", "true");
            NodeRunResult r = node.run("mtcute-login.mjs", args, LIMIT);
            String json = r.jsonLine().orElse("");
            assertThat(r.exitCode())
                    .as("mtcute exit; json %s; stderr %s", json, r.stderrTail())
                    .isEqualTo(0);
            assertThat(json).contains("\"self_id\":42");

            List<AuthBindTempAuthKey> bindings = new ArrayList<>();
            for (ReceivedRequest q : requests(cluster.dc(1))) {
                if (q.method() instanceof AuthBindTempAuthKey bind) {
                    bindings.add(bind);
                    assertThat(cluster.isTemporaryKey(1, q.authKeyId())).isTrue();
                }
                // every API call came under a temporary key: mtcute never used its permanent key directly
                assertThat(cluster.isTemporaryKey(1, q.authKeyId()))
                        .as("%s under key 0x%s", q.method(), Long.toHexString(q.authKeyId()))
                        .isTrue();
            }
            assertThat(bindings).isNotEmpty();
            long perm = bindings.get(0).permAuthKeyId();
            assertThat(cluster.isTemporaryKey(1, perm)).isFalse();
            assertThat(cluster.boundTempKey(1, perm)).isPresent();
            assertThat(cluster.accounts().dcsLoggedIn(42)).containsExactly(1);
        }
    }

    private static List<ReceivedRequest> requests(TestDc dc) throws InterruptedException, IOException {
        List<ReceivedRequest> out = new ArrayList<>();
        for (ReceivedRequest r; (r = dc.takeRequest(Duration.ZERO)) != null; ) {
            out.add(r);
        }
        return out;
    }
}
