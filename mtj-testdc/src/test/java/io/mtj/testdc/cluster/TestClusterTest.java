package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.AccountGetPassword;
import io.mtj.api.telegram.AccountPassword;
import io.mtj.api.telegram.AuthAuthorization;
import io.mtj.api.telegram.AuthCheckPassword;
import io.mtj.api.telegram.AuthExportAuthorization;
import io.mtj.api.telegram.AuthExportedAuthorization;
import io.mtj.api.telegram.AuthImportAuthorization;
import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.AuthSendCode;
import io.mtj.api.telegram.AuthSentCode;
import io.mtj.api.telegram.AuthSentCodePaymentRequired;
import io.mtj.api.telegram.AuthSignIn;
import io.mtj.api.telegram.CodeSettings;
import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputCheckPasswordSRP;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.crypto.Srp;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A three-DC cluster driven by plain single-DC clients: the migrations and login steps as Telegram answers them. */
class TestClusterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(11);
        cluster = TestCluster.builder()
                .dcs(3)
                .rsaKey(RsaKeyPair.generate2048(seeded))
                .random(new SplittableRandom(5))
                .bot(42, "SECRET", 3)
                .user("15550001", 2, "hunter2")
                .user("15550002", 1, null)
                .paymentRequired("15550003")
                .user("15550003", 1, null)
                .build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static TelegramClient client(TestDc dc) {
        return new TelegramClient(ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(20))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                .build());
    }

    @Test
    void getConfigListsEveryDcMainAndMediaOnlyWithThisDc() throws Exception {
        try (TelegramClient c = client(cluster.dc(2))) {
            Config config = c.connect();
            assertThat(config.thisDc()).isEqualTo(2);
            assertThat(config.dcOptions()).hasSize(6);
            for (int id = 1; id <= 3; id++) {
                int dc = id;
                List<DcOption> of =
                        config.dcOptions().stream().filter(o -> o.id() == dc).toList();
                assertThat(of).extracting(DcOption::mediaOnly).containsExactly(false, true);
                assertThat(of.get(0).port()).isEqualTo(cluster.dc(dc).port());
                assertThat(of.get(1).port()).isEqualTo(cluster.mediaDc(dc).port());
                assertThat(of).allSatisfy(o -> assertThat(o.ipAddress()).isEqualTo("127.0.0.1"));
            }
        }
    }

    @Test
    void botOnDc3IsSentToItsDcThenExportedToDc1() throws Exception {
        AuthImportBotAuthorization login = new AuthImportBotAuthorization(0, 12345, "hash", "42:SECRET");
        try (TelegramClient dc1 = client(cluster.dc(1));
                TelegramClient dc3 = client(cluster.dc(3))) {
            dc1.connect();
            assertThatThrownBy(() -> dc1.invokeBlocking(new UsersGetUsers(List.of(new InputUserSelf()))))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.errorMessage())
                            .isEqualTo("AUTH_KEY_UNREGISTERED"));
            assertThatThrownBy(() -> dc1.invokeBlocking(login)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(303);
                assertThat(e.errorMessage()).isEqualTo("USER_MIGRATE_3");
            });
            assertThatThrownBy(() -> dc1.invokeBlocking(new AuthImportBotAuthorization(0, 12345, "hash", "42:WRONG")))
                    .hasMessageContaining("ACCESS_TOKEN_INVALID");

            dc3.connect();
            AuthAuthorization auth = (AuthAuthorization) dc3.invokeBlocking(login);
            User self = (User) auth.user();
            assertThat(self.id()).isEqualTo(42);
            assertThat(self.bot()).isTrue();
            User again = (User) dc3.invokeBlocking(new UsersGetUsers(List.of(new InputUserSelf())))
                    .get(0);
            assertThat(again.id()).isEqualTo(42);
            assertThat(again.self()).isTrue();

            AuthExportedAuthorization exported = dc3.invokeBlocking(new AuthExportAuthorization(1));
            AuthAuthorization imported = (AuthAuthorization)
                    dc1.invokeBlocking(new AuthImportAuthorization(exported.id(), exported.bytes()));
            assertThat(((User) imported.user()).id()).isEqualTo(42);
            User onDc1 = (User) dc1.invokeBlocking(new UsersGetUsers(List.of(new InputUserSelf())))
                    .get(0);
            assertThat(onDc1.id()).isEqualTo(42);
            // an exported authorization is good once
            assertThatThrownBy(() -> dc1.invokeBlocking(new AuthImportAuthorization(exported.id(), exported.bytes())))
                    .hasMessageContaining("AUTH_BYTES_INVALID");
        }
    }

    @Test
    void userWithTwoStepPasswordLogsInOnItsHomeDcBySrp() throws Exception {
        try (TelegramClient dc1 = client(cluster.dc(1));
                TelegramClient dc2 = client(cluster.dc(2))) {
            dc1.connect();
            AuthSendCode sendCode = new AuthSendCode(
                    "15550001", 12345, "hash", CodeSettings.builder().build());
            assertThatThrownBy(() -> dc1.invokeBlocking(sendCode))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.errorMessage())
                            .isEqualTo("PHONE_MIGRATE_2"));

            dc2.connect();
            AuthSentCode sent = (AuthSentCode) dc2.invokeBlocking(sendCode);
            assertThatThrownBy(
                            () -> dc2.invokeBlocking(new AuthSignIn("15550001", sent.phoneCodeHash(), "11111", null)))
                    .hasMessageContaining("PHONE_CODE_INVALID");
            assertThatThrownBy(
                            () -> dc2.invokeBlocking(new AuthSignIn("15550001", sent.phoneCodeHash(), "12345", null)))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(401);
                        assertThat(e.errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
                    });

            AccountPassword wrongTry = dc2.invokeBlocking(new AccountGetPassword());
            assertThatThrownBy(() -> dc2.invokeBlocking(new AuthCheckPassword(answer(wrongTry, "hunter3"))))
                    .hasMessageContaining("PASSWORD_HASH_INVALID");

            AccountPassword password = dc2.invokeBlocking(new AccountGetPassword());
            assertThat(password.hasPassword()).isTrue();
            AuthAuthorization auth =
                    (AuthAuthorization) dc2.invokeBlocking(new AuthCheckPassword(answer(password, "hunter2")));
            assertThat(((User) auth.user()).phone()).isEqualTo("15550001");
            assertThat(cluster.accounts().loggedIn(2, dc2.authKeyId().orElseThrow()))
                    .map(a -> a.phone())
                    .contains("15550001");
        }
    }

    @Test
    void paymentRequiredAndNetworkMigrateAreAnsweredAsTelegramDoes() throws Exception {
        try (TelegramClient dc1 = client(cluster.dc(1))) {
            dc1.connect();
            assertThat(dc1.invokeBlocking(new AuthSendCode(
                            "15550003", 12345, "hash", CodeSettings.builder().build())))
                    .isInstanceOf(AuthSentCodePaymentRequired.class);
            cluster.networkMigrate(1, HelpGetNearestDc.class, 2);
            assertThatThrownBy(() -> dc1.invokeBlocking(new HelpGetNearestDc()))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.errorMessage())
                            .isEqualTo("NETWORK_MIGRATE_2"));
            assertThat(dc1.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(1);
        }
    }

    static InputCheckPasswordSRP answer(AccountPassword p, String password) throws Exception {
        var algo = (PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow) p.currentAlgo();
        byte[] a = new byte[256];
        new SplittableRandom(3).nextBytes(a);
        Srp.Answer answer = Srp.answer(
                password.getBytes(StandardCharsets.UTF_8), algo.g(), algo.p(), algo.salt1(), algo.salt2(), p.srpB(), a);
        return new InputCheckPasswordSRP(p.srpId(), answer.a(), answer.m1());
    }
}
