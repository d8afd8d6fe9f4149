package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.crypto.KeyDerivation;
import io.mtj.transport.TransportException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DhServerTest {
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final InstantSource CLOCK = InstantSource.fixed(NOW);

    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    private TestDc start(long seed) throws Exception {
        dc = TestDc.builder()
                .rsaKey(TestKeys.RSA)
                .clock(CLOCK)
                .random(new SplittableRandom(seed))
                .build();
        return dc;
    }

    @AfterEach
    void closeDc() {
        if (dc != null) {
            dc.close();
            assertThat(dc.isTerminated()).isTrue();
            assertThat(dc.connectionCount()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "-2083955988, false", // p_q_inner_data 0x83c95aec
        "-1443537003, false", // p_q_inner_data_dc 0xa9f55f95
        "1013613780, false", // p_q_inner_data_temp 0x3c6a84d4
        "1459478408, false", // p_q_inner_data_temp_dc 0x56fddf88
        "-1443537003, true" // p_q_inner_data_dc, older SHA-1 RSA scheme
    })
    void everyInnerDataVariantAndBothRsaSchemesYieldTheSameKeyOnBothSides(int constructor, boolean legacy)
            throws Exception {
        start(1);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = new ClientHandshake(c, dc.publicKey(), new SplittableRandom(2));
            h.reqPq();
            assertThat(h.fingerprint).isEqualTo(dc.fingerprint());
            assertThat(h.pq).isEqualTo(h.p * h.q);
            assertThat(BigInteger.valueOf(h.p).isProbablePrime(50)).isTrue();
            assertThat(BigInteger.valueOf(h.q).isProbablePrime(50)).isTrue();
            assertThat(h.p).isLessThan(h.q).isGreaterThanOrEqualTo(1L << 30);
            assertThat(h.q).isLessThan(1L << 31);
            h.reqDhParams(h.innerData(constructor, 2, 3600), legacy);
            assertThat(h.g).isEqualTo(3);
            assertThat(h.dhPrime).isEqualTo(DhParameters.PRIME);
            assertThat(h.serverTime).isEqualTo((int) NOW.getEpochSecond());
            assertThat(h.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_OK);
        }
        assertThat(dc.authKeysCreated()).isEqualTo(1);
    }

    @Test
    void theKeyIsStoredUnderItsIdWithTheFirstSaltFromTheNonces() throws Exception {
        AuthKeyStore store = AuthKeyStore.inMemory();
        dc = TestDc.builder().rsaKey(TestKeys.RSA).authKeyStore(store).build();
        try (MiniClient c = MiniClient.connect(dc.address())) {
            ClientHandshake h = ClientHandshake.complete(c, dc.publicKey(), new SplittableRandom(3), 2);
            long id = KeyDerivation.authKeyId(h.authKey);
            assertThat(store.load(id)).isEqualTo(h.authKey);
            assertThat(dc.serverSalt(id)).isEqualTo(h.salt());
        }
    }

    @Test
    void theDcSideIsReproducibleByteForByteWithAFixedClockSeedAndKey() throws Exception {
        byte[][] first = run(42);
        byte[][] second = run(42);
        byte[][] other = run(43);
        assertThat(second[0]).isEqualTo(first[0]);
        assertThat(second[1]).isEqualTo(first[1]);
        assertThat(other[0]).isNotEqualTo(first[0]);
    }

    private byte[][] run(long seed) throws Exception {
        try (TestDc d = TestDc.builder()
                        .rsaKey(TestKeys.RSA)
                        .clock(CLOCK)
                        .random(new SplittableRandom(seed))
                        .build();
                MiniClient c = MiniClient.connect(d.address(), CLOCK)) {
            ClientHandshake h = new ClientHandshake(c, d.publicKey(), new SplittableRandom(9));
            h.reqPq();
            h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            return new byte[][] {h.resPqBytes, h.dhParamsBytes};
        }
    }

    @Test
    void forcedRetryAnswersDhGenRetryThenAcceptsTheRetryId() throws Exception {
        start(5);
        dc.forceDhGenRetry(1);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = new ClientHandshake(c, dc.publicKey(), new SplittableRandom(6));
            h.reqPq();
            h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertThat(h.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_RETRY);
            assertThat(h.retryId).isNotZero();
            assertThat(h.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_OK);
        }
        assertThat(dc.authKeysCreated()).isEqualTo(1);
    }

    @Test
    void aWrongRetryIdIsRejected() throws Exception {
        start(5);
        dc.forceDhGenRetry(1);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = new ClientHandshake(c, dc.publicKey(), new SplittableRandom(6));
            h.reqPq();
            h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertThat(h.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_RETRY);
            long expected = h.retryId;
            h.retryId = 0;
            assertRejected(c, () -> h.setClientDh(null), HandshakeException.Reason.BAD_RETRY_ID);
            assertThat(lastFailure)
                    .hasMessage("BAD_RETRY_ID: retry_id is 0x0, expected 0x" + Long.toHexString(expected)
                            + " (auth_key_aux_hash of the previous attempt)");
        }
    }

    @SuppressWarnings("NullAway.Init")
    private HandshakeException lastFailure;

    interface Step {
        void run() throws Exception;
    }

    /** The step fails on the client with transport error -404 and the DC reports {@code reason}. */
    private void assertRejected(MiniClient c, Step step, HandshakeException.Reason reason) throws Exception {
        assertThatThrownBy(step::run)
                .isInstanceOf(TransportException.class)
                .satisfies(e -> assertThat(((TransportException) e).code()).isEqualTo(-404));
        assertThat(c.atEof()).isTrue();
        lastFailure = java.util.Objects.requireNonNull(dc.takeHandshakeFailure(Duration.ofSeconds(5)));
        assertThat(lastFailure.reason()).isEqualTo(reason);
        assertThat(dc.authKeysCreated()).isZero();
    }

    private ClientHandshake afterResPq(MiniClient c) throws Exception {
        ClientHandshake h = new ClientHandshake(c, dc.publicKey(), new SplittableRandom(8));
        h.reqPq();
        return h;
    }

    @Test
    void aBadNonceInReqDhParamsIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            byte[] inner = h.encrypt(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertRejected(
                    c,
                    () -> {
                        h.sendReqDhParams(
                                ClientHandshake.flip(h.nonce),
                                h.serverNonce,
                                DhExchange.longBytes(h.p),
                                DhExchange.longBytes(h.q),
                                h.fingerprint,
                                inner);
                        c.receivePlain();
                    },
                    HandshakeException.Reason.NONCE_MISMATCH);
            assertThat(lastFailure).hasMessage("NONCE_MISMATCH: req_DH_params carries a nonce other than req_pq's");
        }
    }

    @Test
    void aBadServerNonceIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            byte[] inner = h.encrypt(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertRejected(
                    c,
                    () -> {
                        h.sendReqDhParams(
                                h.nonce,
                                ClientHandshake.flip(h.serverNonce),
                                DhExchange.longBytes(h.p),
                                DhExchange.longBytes(h.q),
                                h.fingerprint,
                                inner);
                        c.receivePlain();
                    },
                    HandshakeException.Reason.SERVER_NONCE_MISMATCH);
        }
    }

    @Test
    void swappedPAndQAreRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            byte[] inner = h.encrypt(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertRejected(
                    c,
                    () -> {
                        h.sendReqDhParams(
                                h.nonce,
                                h.serverNonce,
                                DhExchange.longBytes(h.q),
                                DhExchange.longBytes(h.p),
                                h.fingerprint,
                                inner);
                        c.receivePlain();
                    },
                    HandshakeException.Reason.WRONG_PQ);
            assertThat(lastFailure)
                    .hasMessage("WRONG_PQ: p and q in req_DH_params (4 and 4 bytes) are not the factors of the pq"
                            + " sent in resPQ, smaller first, big-endian");
        }
    }

    @Test
    void anUnknownFingerprintIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            byte[] inner = h.encrypt(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertRejected(
                    c,
                    () -> {
                        h.sendReqDhParams(
                                h.nonce,
                                h.serverNonce,
                                DhExchange.longBytes(h.p),
                                DhExchange.longBytes(h.q),
                                h.fingerprint ^ 1,
                                inner);
                        c.receivePlain();
                    },
                    HandshakeException.Reason.UNKNOWN_FINGERPRINT);
        }
    }

    @Test
    void encryptedDataThatIsNeitherRsaPadNorTheOlderSchemeIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            // a valid RSA value (below the modulus) whose plaintext is random: no hash can verify
            byte[] garbage = TestKeys.RSA.publicKey().encryptRaw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertRejected(
                    c,
                    () -> {
                        h.sendReqDhParams(
                                h.nonce,
                                h.serverNonce,
                                DhExchange.longBytes(h.p),
                                DhExchange.longBytes(h.q),
                                h.fingerprint,
                                garbage);
                        c.receivePlain();
                    },
                    HandshakeException.Reason.BAD_RSA_PADDING);
            assertThat(lastFailure)
                    .hasMessage("BAD_RSA_PADDING: encrypted_data verifies neither as RSA_PAD (RSA_PAD_HASH) nor as the"
                            + " SHA-1 scheme (DATA_HASH)");
        }
    }

    @Test
    void innerDataForAnotherDcIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            assertRejected(
                    c,
                    () -> h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 4, 0), false),
                    HandshakeException.Reason.WRONG_DC);
            assertThat(lastFailure).hasMessage("WRONG_DC: inner data is for dc 4, this is dc 2");
        }
    }

    @Test
    void innerDataWithAnotherNonceIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            byte[] inner = h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0);
            inner[40] ^= 1; // first byte of the nonce (after id, pq, p, q: 4 + 12 + 8 + 8 + 8)
            assertRejected(c, () -> h.reqDhParams(inner, false), HandshakeException.Reason.INNER_DATA_MISMATCH);
        }
    }

    @Test
    void gBOutOfRangeIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertRejected(c, () -> h.setClientDh(BigInteger.ONE), HandshakeException.Reason.G_B_OUT_OF_RANGE);
            assertThat(lastFailure).hasMessageContaining("g_b is not strictly between 2^1984 and dh_prime - 2^1984");
        }
    }

    @Test
    void gBJustBelowThePrimeIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = afterResPq(c);
            h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, 2, 0), false);
            assertRejected(
                    c,
                    () -> h.setClientDh(DhParameters.PRIME.subtract(BigInteger.TWO)),
                    HandshakeException.Reason.G_B_OUT_OF_RANGE);
        }
    }

    @Test
    void reqDhParamsBeforeReqPqIsRejected() throws Exception {
        start(7);
        try (MiniClient c = MiniClient.connect(dc.address(), CLOCK)) {
            ClientHandshake h = new ClientHandshake(c, dc.publicKey(), new SplittableRandom(1));
            assertRejected(
                    c,
                    () -> {
                        h.sendReqDhParams(h.nonce, new byte[16], new byte[4], new byte[4], 0, new byte[256]);
                        c.receivePlain();
                    },
                    HandshakeException.Reason.UNEXPECTED_MESSAGE);
            assertThat(lastFailure)
                    .hasMessage("UNEXPECTED_MESSAGE: req_DH_params arrived in state START, expected state SENT_RES_PQ");
        }
    }

    @Test
    void theDhPrimeIsA2048BitSafePrimeAndThreeGeneratesItsSubgroup() throws Exception {
        assertThat(DhParameters.PRIME.bitLength()).isEqualTo(2048);
        io.mtj.crypto.DhChecks.checkPrimeAndGenerator(DhParameters.PRIME, DhParameters.G);
    }

    @Test
    void aTemporaryKeyIsRefusedWith404OnceItsExpiresInHasPassed() throws Exception {
        dc = TestDc.builder().rsaKey(TestKeys.RSA).build();
        try (MiniClient c = MiniClient.connect(dc.address())) {
            ClientHandshake h = new ClientHandshake(c, dc.publicKey(), new SplittableRandom(12));
            h.reqPq();
            h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_TEMP_DC, 2, 60), false);
            assertThat(h.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_OK);
            ClientSession session = ClientSession.of(c, h, 1);
            long ping = session.send(ClientSession.ping(1));
            assertThat(session.receiveUntil(ServiceIds.PONG).reader().readLong())
                    .isEqualTo(ping);
            dc.faults().skewClock(Duration.ofSeconds(61));
            session.send(ClientSession.ping(2));
            assertThat(c.receiveError()).isEqualTo(-404);
            assertThat(c.atEof()).isTrue();
        }
    }
}
