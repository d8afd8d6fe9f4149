package io.mtj.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.ConnectionListener;
import io.mtj.core.KeyExchangeException;
import io.mtj.core.KeyExchangeException.Failure;
import io.mtj.core.auth.FakeDhServer.Fault;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.KeyDerivation;
import io.mtj.crypto.RsaKeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyExchangeTest {
    private static final Instant LOCAL = FakeDhServer.SERVER_TIME.minusSeconds(90);
    private static RsaKeyPair rsa;

    @BeforeAll
    static void keys() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(7);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    private record Run(AuthKey key, FakeDhServer server, List<ConnectionListener.DhStep> steps) {}

    private static Run run(Set<Fault> faults, long clientSeed) throws Exception {
        return run(faults, clientSeed, 0);
    }

    private static Run run(Set<Fault> faults, long clientSeed, int tempExpiresIn) throws Exception {
        FakeDhServer server = new FakeDhServer(rsa, new SplittableRandom(99), faults);
        List<ConnectionListener.DhStep> steps = new ArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void dhStep(DhStep step, Duration took) {
                steps.add(step);
            }
        };
        InstantSource clock = InstantSource.fixed(LOCAL);
        KeyExchange exchange = new KeyExchange(
                List.of(rsa.publicKey()), new SplittableRandom(clientSeed), clock, 2, listener, tempExpiresIn);
        AuthKey key = exchange.run(new PlainChannel(server, new MsgIdGenerator(clock)));
        return new Run(key, server, steps);
    }

    @Test
    void agreesOnTheKeySaltAndClockOffset() throws Exception {
        Run run = run(EnumSet.noneOf(Fault.class), 1);
        assertThat(run.key().key()).isEqualTo(run.server().authKey);
        assertThat(run.key().id()).isEqualTo(KeyDerivation.authKeyId(run.server().authKey));
        assertThat(run.key().serverSalt()).isEqualTo(run.server().expectedSalt());
        assertThat(run.key().clockOffsetMillis()).isEqualTo(90_000);
        assertThat(run.server().retryIdSeen).isZero();
        assertThat(run.steps())
                .containsExactly(
                        ConnectionListener.DhStep.REQ_PQ,
                        ConnectionListener.DhStep.REQ_DH_PARAMS,
                        ConnectionListener.DhStep.SET_CLIENT_DH_PARAMS);
        assertThat(run.key().toString())
                .doesNotContain(java.util.HexFormat.of().formatHex(run.key().key(), 0, 4));
    }

    @Test
    void temporaryKeySendsPqInnerDataTempDcWithItsLifetime() throws Exception {
        Run temp = run(EnumSet.noneOf(Fault.class), 1, 86_400);
        assertThat(temp.server().tempExpiresInSeen).isEqualTo(86_400);
        assertThat(temp.key().key()).isEqualTo(temp.server().authKey);
        assertThat(run(EnumSet.noneOf(Fault.class), 1).server().tempExpiresInSeen)
                .isEqualTo(-1);
    }

    @Test
    void fixedSeamsReproduceTheHandshakeBytesExactly() throws Exception {
        Run first = run(EnumSet.noneOf(Fault.class), 5);
        Run second = run(EnumSet.noneOf(Fault.class), 5);
        assertThat(first.server().clientHex()).isEqualTo(second.server().clientHex());
        assertThat(first.key()).isEqualTo(second.key());
        Run other = run(EnumSet.noneOf(Fault.class), 6);
        assertThat(other.server().clientHex()).isNotEqualTo(first.server().clientHex());
    }

    @Test
    void dhGenRetrySendsAuxHashAsRetryIdAndFinishes() throws Exception {
        Run run = run(EnumSet.of(Fault.DH_GEN_RETRY_ONCE), 3);
        assertThat(run.server().retryIdSeen)
                .isEqualTo(run.server().expectedRetryId)
                .isNotZero();
        assertThat(run.key().key()).isEqualTo(run.server().authKey);
        assertThat(run.steps()).hasSize(4);
    }

    private static void assertFails(Fault fault, Failure failure, String text) {
        assertThatThrownBy(() -> run(EnumSet.of(fault), 1))
                .isInstanceOfSatisfying(
                        KeyExchangeException.class, e -> assertThat(e.failure()).isEqualTo(failure))
                .hasMessageContaining(text);
    }

    @Test
    void badNonceInResPq() {
        assertFails(Fault.RESPQ_NONCE, Failure.NONCE, "resPQ nonce differs");
    }

    @Test
    void noTrustedFingerprint() {
        assertFails(Fault.UNKNOWN_FINGERPRINT, Failure.NO_TRUSTED_KEY, "[0x77, 0x1234]");
    }

    @Test
    void badServerNonce() {
        assertFails(Fault.DH_PARAMS_SERVER_NONCE, Failure.SERVER_NONCE, "Server_DH_Params server_nonce");
    }

    @Test
    void serverDhParamsFail() {
        assertFails(Fault.DH_PARAMS_FAIL, Failure.DH_PARAMS_FAIL, "server_DH_params_fail");
    }

    @Test
    void badAnswerSha1() {
        assertFails(Fault.ANSWER_HASH, Failure.ANSWER_HASH, "SHA-1");
    }

    @Test
    void primeNotSafe() {
        assertFails(Fault.PRIME_NOT_SAFE, Failure.DH_PRIME, "DH_PRIME");
    }

    @Test
    void badG() {
        assertFails(Fault.G_OUT_OF_RANGE, Failure.DH_G, "g is 9");
    }

    @Test
    void gaOutOfRange() {
        assertFails(Fault.G_A_OUT_OF_RANGE, Failure.G_A_RANGE, "g_a");
    }

    @Test
    void badNewNonceHash() {
        assertFails(Fault.NEW_NONCE_HASH, Failure.NEW_NONCE_HASH, "new_nonce_hash1");
    }

    @Test
    void dhGenFail() {
        assertFails(Fault.DH_GEN_FAIL, Failure.DH_GEN_FAIL, "dh_gen_fail");
    }

    @Test
    void requiresATrustedKey() {
        assertThatThrownBy(() -> new KeyExchange(
                        List.of(), new SplittableRandom(1), InstantSource.system(), 2, ConnectionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
