package io.mtj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mtcute and GramJS log in to a three-DC {@link TestCluster} they reach through DC 1: the bot lives on DC 3, so
 * auth.importBotAuthorization is answered USER_MIGRATE_3 and each client must follow it to the address the cluster's
 * help.getConfig lists; the user lives on DC 2 behind a two-step password, so mtcute follows PHONE_MIGRATE_2 and
 * runs its SRP against ours. Each script ends with users.getUsers([inputUserSelf]).
 */
class InteropLoginTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    @SuppressWarnings("NullAway.Init")
    static Path dir;

    @SuppressWarnings("NullAway.Init")
    private static NodeRunner node;

    @SuppressWarnings("NullAway.Init")
    private static TestCluster cluster;

    @SuppressWarnings("NullAway.Init")
    private static Path keyFile;

    @BeforeAll
    static void start() throws IOException {
        node = NodeEnvironment.requireClients();
        cluster = TestCluster.builder()
                .dcs(3)
                .rsaKey(RsaKeyPair.generate2048())
                .bot(42, "SECRET", 3)
                .bot(43, "OTHER", 3)
                .user("15550001", 2, "hunter2")
                .build();
        keyFile = Files.writeString(dir.resolve("cluster.pem"), cluster.publicKeyPem());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                String.valueOf(cluster.dc(1).port()),
                "--dc-id",
                "1",
                "--key-file",
                keyFile.toString(),
                "--timeout-ms",
                "60000"));
        args.addAll(List.of(more));
        return args;
    }

    private static String run(String script, List<String> args) throws IOException {
        NodeRunResult r = node.run(script, args, LIMIT);
        String json = r.jsonLine().orElse("");
        assertThat(r.exitCode())
                .as("%s exit; json %s; stderr %s", script, json, r.stderrTail())
                .isEqualTo(0);
        return json;
    }

    @Test
    void mtcuteBotFollowsUserMigrateFromDc1ToDc3() throws IOException {
        String json = run("mtcute-login.mjs", args("--bot-token", "42:SECRET"));
        assertThat(json).contains("\"ok\":true", "\"self_id\":42", "\"bot\":true");
        assertThat(cluster.accounts().dcsLoggedIn(42)).contains(3).doesNotContain(1, 2);
    }

    @Test
    void gramjsBotFollowsUserMigrateFromDc1ToDc3() throws IOException {
        String ports = "1:" + cluster.dc(1).port() + ",2:" + cluster.dc(2).port() + ",3:"
                + cluster.dc(3).port();
        String json = run("gramjs-login.mjs", args("--bot-token", "43:OTHER", "--dc-ports", ports));
        assertThat(json).contains("\"ok\":true", "\"self_id\":43", "\"bot\":true");
        assertThat(cluster.accounts().dcsLoggedIn(43)).containsExactly(3);
    }

    @Test
    void mtcuteUserWithTwoStepPasswordFollowsPhoneMigrateAndPassesOurSrp() throws IOException {
        String json = run("mtcute-login.mjs", args("--phone", "15550001", "--code", "12345", "--password", "hunter2"));
        long id = cluster.accounts().byPhone("15550001").orElseThrow().userId();
        assertThat(json).contains("\"ok\":true", "\"self_id\":" + id, "\"bot\":false");
        assertThat(cluster.accounts().dcsLoggedIn(id)).containsExactly(2);
    }
}
