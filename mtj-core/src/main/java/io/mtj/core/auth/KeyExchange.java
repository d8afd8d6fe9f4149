package io.mtj.core.auth;

import io.mtj.api.mtproto.ClientDHInnerData;
import io.mtj.api.mtproto.DhGenFail;
import io.mtj.api.mtproto.DhGenOk;
import io.mtj.api.mtproto.DhGenRetry;
import io.mtj.api.mtproto.PQInnerDataDc;
import io.mtj.api.mtproto.PQInnerDataTempDc;
import io.mtj.api.mtproto.ReqDHParams;
import io.mtj.api.mtproto.ReqPqMulti;
import io.mtj.api.mtproto.ResPQ;
import io.mtj.api.mtproto.ServerDHInnerData;
import io.mtj.api.mtproto.ServerDHParamsFail;
import io.mtj.api.mtproto.ServerDHParamsOk;
import io.mtj.api.mtproto.ServerDHParamsType;
import io.mtj.api.mtproto.SetClientDHParams;
import io.mtj.api.mtproto.SetClientDHParamsAnswerType;
import io.mtj.core.ConnectionListener;
import io.mtj.core.ConnectionListener.DhStep;
import io.mtj.core.KeyExchangeException;
import io.mtj.core.KeyExchangeException.Failure;
import io.mtj.core.event.KeyExchangeStepEvent;
import io.mtj.crypto.AesIge;
import io.mtj.crypto.DhChecks;
import io.mtj.crypto.Digests;
import io.mtj.crypto.HashedData;
import io.mtj.crypto.KeyDerivation;
import io.mtj.crypto.PqFactorizer;
import io.mtj.crypto.RsaPad;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlDecoder;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;

/**
 * The client side of the MTProto 2.0 authorization key exchange (core.telegram.org/mtproto/auth_key):
 *
 * <ol>
 *   <li>{@code req_pq_multi(nonce)} -> {@code resPQ}: the nonce must come back; a fingerprint must be one of the
 *       trusted keys (the first one the server lists that is trusted is used); pq is factorised.
 *   <li>{@code req_DH_params} with {@code p_q_inner_data_dc} encrypted by RSA_PAD -> {@code server_DH_params_ok}:
 *       nonce and server_nonce must match; the answer, decrypted with tmp_aes_key/iv derived from the nonces, must
 *       verify its SHA-1; dh_prime must be a 2048-bit safe prime and g meet the residue condition (cached per prime);
 *       g_a must lie in (2^1984, dh_prime - 2^1984). server_time gives the clock offset.
 *   <li>{@code set_client_DH_params} with g_b (checked like g_a) -> {@code dh_gen_ok} with new_nonce_hash1; {@code
 *       dh_gen_retry} (new_nonce_hash2 checked) repeats this step with retry_id = auth_key_aux_hash of the rejected
 *       key; {@code dh_gen_fail} (new_nonce_hash3 checked) aborts.
 * </ol>
 *
 * Any failed check throws {@link KeyExchangeException} naming it; the caller closes the connection. Randomness
 * (nonces, b, paddings) and the clock are injected, so fixed seams reproduce the exchange byte for byte. One instance
 * runs one exchange.
 */
public final class KeyExchange {
    /** dh_gen_retry answers accepted before giving up. */
    public static final int MAX_RETRIES = 5;

    private final List<RsaPublicKey> trustedKeys;
    private final RandomGenerator random;
    private final InstantSource clock;
    private final int dcId;
    private final ConnectionListener listener;
    private final int tempExpiresIn;

    /**
     * @param trustedKeys the server RSA keys to accept, at least one
     * @param dcId the dc id to put in p_q_inner_data_dc (+10000 for test DCs, negative for media DCs)
     */
    public KeyExchange(
            List<RsaPublicKey> trustedKeys,
            RandomGenerator random,
            InstantSource clock,
            int dcId,
            ConnectionListener listener) {
        this(trustedKeys, random, clock, dcId, listener, 0);
    }

    /**
     * An exchange for a temporary key (perfect forward secrecy, core.telegram.org/mtproto/pfs) when
     * {@code tempExpiresIn} is positive: step 2 sends {@code p_q_inner_data_temp_dc} with that many
     * seconds of lifetime, and the key must be bound to a permanent one with {@code auth.bindTempAuthKey}
     * before use. 0 makes a permanent key.
     */
    public KeyExchange(
            List<RsaPublicKey> trustedKeys,
            RandomGenerator random,
            InstantSource clock,
            int dcId,
            ConnectionListener listener,
            int tempExpiresIn) {
        if (tempExpiresIn < 0) {
            throw new IllegalArgumentException("expires_in of a temporary key is " + tempExpiresIn + ", expected >= 0");
        }
        this.tempExpiresIn = tempExpiresIn;
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted server key is needed");
        }
        this.trustedKeys = List.copyOf(trustedKeys);
        this.random = random;
        this.clock = clock;
        this.dcId = dcId;
        this.listener = listener;
    }

    /** Runs the exchange over {@code channel}. */
    public AuthKey run(PlainChannel channel) throws IOException {
        // step 1: req_pq_multi
        long started = System.nanoTime();
        KeyExchangeStepEvent event = begin();
        byte[] nonce = randomBytes(16);
        ResPQ resPq = decode(channel.call(TlWriter.serialize(new ReqPqMulti(nonce))), ResPQ::read, "resPQ");
        requireEqual(Failure.NONCE, "resPQ nonce", nonce, resPq.nonce());
        byte[] serverNonce = resPq.serverNonce();
        requireLength(serverNonce, 16, "resPQ server_nonce");
        RsaPublicKey key = chooseKey(resPq.serverPublicKeyFingerprints());
        long pq = pqValue(resPq.pq());
        PqFactorizer.Factors factors;
        try {
            factors = PqFactorizer.factor(pq, random);
        } catch (SecurityCheckException e) {
            throw new KeyExchangeException(Failure.PQ, "pq cannot be factorised: " + e.getMessage(), e);
        }
        finish(event, DhStep.REQ_PQ, started);

        // step 2: req_DH_params
        started = System.nanoTime();
        event = begin();
        byte[] newNonce = randomBytes(32);
        byte[] p = unsigned(BigInteger.valueOf(factors.p()));
        byte[] q = unsigned(BigInteger.valueOf(factors.q()));
        byte[] inner = tempExpiresIn > 0
                ? TlWriter.serialize(
                        new PQInnerDataTempDc(resPq.pq(), p, q, nonce, serverNonce, newNonce, dcId, tempExpiresIn))
                : TlWriter.serialize(new PQInnerDataDc(resPq.pq(), p, q, nonce, serverNonce, newNonce, dcId));
        byte[] encrypted = RsaPad.encrypt(key, inner, random);
        ReqDHParams reqDh = new ReqDHParams(nonce, serverNonce, p, q, key.fingerprint(), encrypted);
        ServerDHParamsType dhParams =
                decode(channel.call(TlWriter.serialize(reqDh)), ServerDHParamsType::read, "Server_DH_Params");
        requireEqual(Failure.NONCE, "Server_DH_Params nonce", nonce, nonceOf(dhParams));
        requireEqual(Failure.SERVER_NONCE, "Server_DH_Params server_nonce", serverNonce, serverNonceOf(dhParams));
        if (dhParams instanceof ServerDHParamsFail fail) {
            byte[] expected = Arrays.copyOfRange(Digests.sha1(newNonce), 4, 20);
            if (!MessageDigest.isEqual(expected, fail.newNonceHash())) {
                throw new KeyExchangeException(
                        Failure.DH_PARAMS_FAIL_HASH, "server_DH_params_fail carries a wrong new_nonce_hash");
            }
            throw new KeyExchangeException(Failure.DH_PARAMS_FAIL, "the server answered server_DH_params_fail");
        }
        ServerDHParamsOk ok = (ServerDHParamsOk) dhParams;
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        byte[] encryptedAnswer = ok.encryptedAnswer();
        if (encryptedAnswer.length == 0 || encryptedAnswer.length % 16 != 0) {
            throw new KeyExchangeException(
                    Failure.ANSWER_HASH,
                    "encrypted_answer is 0x" + Integer.toHexString(encryptedAnswer.length)
                            + " bytes, not a positive multiple of 16");
        }
        byte[] answerWithHash = AesIge.decrypt(tmp.key(), tmp.iv(), encryptedAnswer);
        byte[] answer;
        try {
            answer = HashedData.unwrap(answerWithHash, 15);
        } catch (SecurityCheckException e) {
            throw new KeyExchangeException(
                    Failure.ANSWER_HASH, "the SHA-1 of the decrypted server_DH_inner_data does not verify", e);
        }
        ServerDHInnerData dh = decode(answer, ServerDHInnerData::read, "server_DH_inner_data");
        requireEqual(Failure.NONCE, "server_DH_inner_data nonce", nonce, dh.nonce());
        requireEqual(Failure.SERVER_NONCE, "server_DH_inner_data server_nonce", serverNonce, dh.serverNonce());
        BigInteger prime = new BigInteger(1, dh.dhPrime());
        try {
            DhChecks.checkPrimeAndGenerator(prime, dh.g());
        } catch (SecurityCheckException e) {
            Failure f =
                    switch (e.check()) {
                        case DH_GENERATOR_RANGE, DH_GENERATOR_RESIDUE -> Failure.DH_G;
                        default -> Failure.DH_PRIME;
                    };
            throw new KeyExchangeException(f, e.getMessage() == null ? f.name() : e.getMessage(), e);
        }
        BigInteger ga = new BigInteger(1, dh.gA());
        try {
            DhChecks.checkGa(ga, prime);
        } catch (SecurityCheckException e) {
            throw new KeyExchangeException(Failure.G_A_RANGE, "g_a is out of range: " + e.getMessage(), e);
        }
        long clockOffsetMillis = Integer.toUnsignedLong(dh.serverTime()) * 1000 - clock.millis();
        finish(event, DhStep.REQ_DH_PARAMS, started);

        // step 3: set_client_DH_params, repeated on dh_gen_retry
        long retryId = 0;
        for (int attempt = 0; ; attempt++) {
            started = System.nanoTime();
            event = begin();
            BigInteger b = new BigInteger(1, randomBytes(256));
            BigInteger gb = BigInteger.valueOf(dh.g()).modPow(b, prime);
            try {
                DhChecks.checkGb(gb, prime);
            } catch (SecurityCheckException e) {
                throw new KeyExchangeException(Failure.G_B_RANGE, "g_b is out of range: " + e.getMessage(), e);
            }
            byte[] authKey = fixed(ga.modPow(b, prime), 256);
            ClientDHInnerData clientInner = new ClientDHInnerData(nonce, serverNonce, retryId, unsigned(gb));
            byte[] dataWithHash = HashedData.wrapToBlock(TlWriter.serialize(clientInner), random);
            byte[] encryptedData = AesIge.encrypt(tmp.key(), tmp.iv(), dataWithHash);
            SetClientDHParamsAnswerType answerType = decode(
                    channel.call(TlWriter.serialize(new SetClientDHParams(nonce, serverNonce, encryptedData))),
                    SetClientDHParamsAnswerType::read,
                    "Set_client_DH_params_answer");
            switch (answerType) {
                case DhGenOk genOk -> {
                    checkGenAnswer(nonce, serverNonce, genOk.nonce(), genOk.serverNonce());
                    checkNewNonceHash(newNonce, 1, authKey, genOk.newNonceHash1(), "dh_gen_ok");
                    finish(event, DhStep.SET_CLIENT_DH_PARAMS, started);
                    return new AuthKey(
                            authKey,
                            KeyDerivation.authKeyId(authKey),
                            KeyDerivation.initialServerSalt(newNonce, serverNonce),
                            clockOffsetMillis);
                }
                case DhGenRetry retry -> {
                    checkGenAnswer(nonce, serverNonce, retry.nonce(), retry.serverNonce());
                    checkNewNonceHash(newNonce, 2, authKey, retry.newNonceHash2(), "dh_gen_retry");
                    if (attempt + 1 >= MAX_RETRIES) {
                        throw new KeyExchangeException(
                                Failure.TOO_MANY_RETRIES, "dh_gen_retry answered " + MAX_RETRIES + " times");
                    }
                    retryId = ByteBuffer.wrap(KeyDerivation.authKeyAuxHash(authKey))
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getLong();
                    finish(event, DhStep.SET_CLIENT_DH_PARAMS, started);
                }
                case DhGenFail genFail -> {
                    checkGenAnswer(nonce, serverNonce, genFail.nonce(), genFail.serverNonce());
                    checkNewNonceHash(newNonce, 3, authKey, genFail.newNonceHash3(), "dh_gen_fail");
                    throw new KeyExchangeException(Failure.DH_GEN_FAIL, "the server answered dh_gen_fail");
                }
            }
        }
    }

    private static void checkGenAnswer(byte[] nonce, byte[] serverNonce, byte[] gotNonce, byte[] gotServerNonce)
            throws KeyExchangeException {
        requireEqual(Failure.NONCE, "Set_client_DH_params_answer nonce", nonce, gotNonce);
        requireEqual(Failure.SERVER_NONCE, "Set_client_DH_params_answer server_nonce", serverNonce, gotServerNonce);
    }

    private static void checkNewNonceHash(byte[] newNonce, int number, byte[] authKey, byte[] got, String what)
            throws KeyExchangeException {
        if (!MessageDigest.isEqual(KeyDerivation.newNonceHash(newNonce, number, authKey), got)) {
            throw new KeyExchangeException(Failure.NEW_NONCE_HASH, what + " carries a wrong new_nonce_hash" + number);
        }
    }

    private RsaPublicKey chooseKey(List<Long> fingerprints) throws KeyExchangeException {
        for (long fp : fingerprints) {
            for (RsaPublicKey key : trustedKeys) {
                if (key.fingerprint() == fp) {
                    return key;
                }
            }
        }
        StringBuilder offered = new StringBuilder();
        for (long fp : fingerprints) {
            offered.append(offered.isEmpty() ? "" : ", ").append("0x").append(Long.toHexString(fp));
        }
        throw new KeyExchangeException(
                Failure.NO_TRUSTED_KEY,
                "none of the server's key fingerprints [" + offered + "] belongs to one of the " + trustedKeys.size()
                        + " trusted keys");
    }

    private static long pqValue(byte[] pq) throws KeyExchangeException {
        if (pq.length == 0 || pq.length > 8) {
            throw new KeyExchangeException(
                    Failure.PQ, "pq is " + pq.length + " bytes, expected 1..8 (a product of two 32-bit primes)");
        }
        BigInteger value = new BigInteger(1, pq);
        if (value.bitLength() > 63) {
            throw new KeyExchangeException(Failure.PQ, "pq is " + value.bitLength() + " bits, at most 63 supported");
        }
        return value.longValueExact();
    }

    private static <T> T decode(byte[] body, TlDecoder<T> decoder, String what) throws KeyExchangeException {
        try {
            TlReader in = new TlReader(body);
            T value = decoder.decode(in);
            in.expectEnd();
            return value;
        } catch (TlDecodeException e) {
            throw new KeyExchangeException(Failure.UNEXPECTED_ANSWER, "expected " + what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] nonceOf(ServerDHParamsType t) {
        return switch (t) {
            case ServerDHParamsOk ok -> ok.nonce();
            case ServerDHParamsFail fail -> fail.nonce();
        };
    }

    private static byte[] serverNonceOf(ServerDHParamsType t) {
        return switch (t) {
            case ServerDHParamsOk ok -> ok.serverNonce();
            case ServerDHParamsFail fail -> fail.serverNonce();
        };
    }

    private static void requireEqual(Failure failure, String what, byte[] expected, byte[] actual)
            throws KeyExchangeException {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new KeyExchangeException(failure, what + " differs from the one sent");
        }
    }

    private static void requireLength(byte[] value, int length, String what) throws KeyExchangeException {
        if (value.length != length) {
            throw new KeyExchangeException(
                    Failure.UNEXPECTED_ANSWER, what + " is " + value.length + " bytes, expected " + length);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    /** Big-endian magnitude without a sign byte. */
    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** {@code v} as exactly {@code len} big-endian bytes. */
    static byte[] fixed(BigInteger v, int len) {
        byte[] b = unsigned(v);
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    private static @Nullable KeyExchangeStepEvent begin() {
        if (!FlightRecorder.isInitialized()) {
            return null; // the first event made would set up JFR: 0.3-0.7 s on a cold JVM (see ConnectionEvents)
        }
        KeyExchangeStepEvent event = new KeyExchangeStepEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    private void finish(@Nullable KeyExchangeStepEvent event, DhStep step, long startedNanos) {
        if (event != null) {
            event.step = step.name();
            event.commit();
        }
        listener.dhStep(step, Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
