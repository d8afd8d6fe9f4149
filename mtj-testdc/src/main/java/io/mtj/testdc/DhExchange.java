package io.mtj.testdc;

import io.mtj.crypto.AesIge;
import io.mtj.crypto.DhChecks;
import io.mtj.crypto.HashedData;
import io.mtj.crypto.KeyDerivation;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.crypto.RsaPad;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.testdc.HandshakeException.Reason;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The server side of one DH key exchange (core.telegram.org/mtproto/auth_key), driven by the bodies of the
 * unencrypted messages a client sends on one connection. Each call to {@link #handle} returns the boxed answer or
 * throws a {@link HandshakeException} naming the failed check. Not thread-safe: one per connection.
 */
final class DhExchange {
    static final int REQ_PQ = 0x60469778;
    static final int REQ_PQ_MULTI = 0xbe7e8ef1;
    static final int RES_PQ = 0x05162463;
    static final int REQ_DH_PARAMS = 0xd712e4be;
    static final int P_Q_INNER_DATA = 0x83c95aec;
    static final int P_Q_INNER_DATA_DC = 0xa9f55f95;
    static final int P_Q_INNER_DATA_TEMP = 0x3c6a84d4;
    static final int P_Q_INNER_DATA_TEMP_DC = 0x56fddf88;
    static final int SERVER_DH_PARAMS_OK = 0xd0e8075c;
    static final int SERVER_DH_INNER_DATA = 0xb5890dba;
    static final int SET_CLIENT_DH_PARAMS = 0xf5045f1f;
    static final int CLIENT_DH_INNER_DATA = 0x6643b654;
    static final int DH_GEN_OK = 0x3bcbf734;
    static final int DH_GEN_RETRY = 0x46dc1fb9;
    static final int VECTOR = 0x1cb5c415;

    /** What the exchange needs from its DC. */
    record Context(
            RsaKeyPair rsa,
            int dcId,
            RandomGenerator random,
            IntSupplier unixTime,
            BooleanSupplier takeForcedRetry,
            AuthKeyStore keys,
            KeyExchangeGate gate) {}

    /** A finished exchange. */
    record Result(long authKeyId, byte[] authKey, long firstSalt, int expiresIn) {}

    private enum State {
        START,
        SENT_RES_PQ,
        SENT_DH_PARAMS,
        DONE
    }

    private final Context ctx;
    private State state = State.START;
    private byte[] nonce = new byte[0];
    private byte[] serverNonce = new byte[0];
    private byte[] newNonce = new byte[0];
    private long p;
    private long q;
    private int expiresIn;
    private BigInteger a = BigInteger.ZERO;
    private long expectedRetryId;
    /** This exchange's place in the DC's line for DH arithmetic, drawn at its first req_pq. */
    private long ticket;

    private @Nullable Result result;

    DhExchange(Context ctx) {
        this.ctx = ctx;
    }

    /** The finished key, once {@code dh_gen_ok} was sent. */
    @Nullable
    Result result() {
        return result;
    }

    /** Answers one unencrypted message body. */
    byte[] handle(byte[] body) throws HandshakeException {
        TlReader in = new TlReader(body);
        try {
            int id = in.readInt();
            return switch (id) {
                case REQ_PQ, REQ_PQ_MULTI -> {
                    if (ticket == 0) {
                        ticket = ctx.gate().ticket(); // the exchange's place in line, kept for its later steps
                    }
                    yield gated(() -> resPq(in));
                }
                case REQ_DH_PARAMS -> gated(() -> reqDhParams(in));
                case SET_CLIENT_DH_PARAMS -> gated(() -> setClientDhParams(in));
                default ->
                    throw new HandshakeException(
                            Reason.UNEXPECTED_MESSAGE,
                            "constructor 0x" + Integer.toHexString(id) + " is not a key exchange request");
            };
        } catch (TlDecodeException e) {
            throw new HandshakeException(Reason.MALFORMED, String.valueOf(e.getMessage()), e);
        }
    }

    /** A step that does DH arithmetic: in the DC's gate, by this exchange's ticket (none yet: a fresh one). */
    private byte[] gated(KeyExchangeGate.Step<byte[]> step) throws HandshakeException, TlDecodeException {
        return ctx.gate().run(ticket != 0 ? ticket : ctx.gate().ticket(), step);
    }

    private byte[] resPq(TlReader in) throws TlDecodeException {
        nonce = in.readInt128();
        in.expectEnd();
        serverNonce = new byte[16];
        ctx.random().nextBytes(serverNonce);
        p = randomPrime();
        do {
            q = randomPrime();
        } while (q == p);
        if (p > q) {
            long t = p;
            p = q;
            q = t;
        }
        state = State.SENT_RES_PQ;
        expectedRetryId = 0;
        result = null;
        TlWriter out = new TlWriter(96);
        out.writeInt(RES_PQ).writeInt128(nonce).writeInt128(serverNonce);
        out.writeBytes(longBytes(p * q));
        out.writeInt(VECTOR).writeInt(1).writeLong(ctx.rsa().publicKey().fingerprint());
        return out.toByteArray();
    }

    /** A prime in [2^30, 2^31), so that pq stays below 2^62 and fits any client's signed 64-bit arithmetic. */
    private long randomPrime() {
        while (true) {
            long candidate = (1L << 30) | (ctx.random().nextInt() & 0x3fff_ffffL) | 1L;
            if (isPrime31(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * Whether odd {@code n} below 2^31 is prime: Miller-Rabin to the bases 2, 7 and 61 decides every n below
     * 4,759,123,141 exactly (Jaeschke), with three modular powers of longs; {@code isProbablePrime(40)} took a
     * BigInteger and forty rounds for each candidate of each resPQ.
     */
    static boolean isPrime31(long n) {
        if (n < 2 || (n & 1) == 0) {
            return n == 2;
        }
        long d = n - 1;
        int s = Long.numberOfTrailingZeros(d);
        d >>>= s;
        for (long a : new long[] {2, 7, 61}) {
            if (a % n == 0) {
                continue;
            }
            long x = powMod(a, d, n);
            if (x == 1 || x == n - 1) {
                continue;
            }
            boolean composite = true;
            for (int r = 1; r < s && composite; r++) {
                x = x * x % n;
                composite = x != n - 1;
            }
            if (composite) {
                return false;
            }
        }
        return true;
    }

    /** {@code base^exp mod m} for m below 2^31 (products stay below 2^62). */
    private static long powMod(long base, long exp, long m) {
        long result = 1;
        long b = base % m;
        for (long e = exp; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result = result * b % m;
            }
            b = b * b % m;
        }
        return result;
    }

    private byte[] reqDhParams(TlReader in) throws TlDecodeException, HandshakeException {
        requireState(State.SENT_RES_PQ, "req_DH_params");
        byte[] n = in.readInt128();
        byte[] sn = in.readInt128();
        byte[] pBytes = in.readBytes();
        byte[] qBytes = in.readBytes();
        long fingerprint = in.readLong();
        byte[] encrypted = in.readBytes();
        in.expectEnd();
        checkNonces(n, sn, "req_DH_params");
        if (fingerprint != ctx.rsa().publicKey().fingerprint()) {
            throw new HandshakeException(
                    Reason.UNKNOWN_FINGERPRINT,
                    "req_DH_params names key 0x" + Long.toHexString(fingerprint) + ", this DC's key is 0x"
                            + Long.toHexString(ctx.rsa().publicKey().fingerprint()));
        }
        if (!Arrays.equals(pBytes, longBytes(p)) || !Arrays.equals(qBytes, longBytes(q))) {
            throw new HandshakeException(
                    Reason.WRONG_PQ,
                    "p and q in req_DH_params (" + pBytes.length + " and " + qBytes.length
                            + " bytes) are not the factors of the pq sent in resPQ, smaller first, big-endian");
        }
        TlReader inner = decryptInnerData(encrypted);
        readInnerData(inner);
        a = randomExponent();
        BigInteger gA = BigInteger.valueOf(DhParameters.G).modPow(a, DhParameters.PRIME);
        TlWriter innerOut = new TlWriter(600);
        innerOut.writeInt(SERVER_DH_INNER_DATA).writeInt128(nonce).writeInt128(serverNonce);
        innerOut.writeInt(DhParameters.G);
        innerOut.writeBytes(DhParameters.toFixed(DhParameters.PRIME, 256));
        innerOut.writeBytes(DhParameters.toFixed(gA, 256));
        innerOut.writeInt(ctx.unixTime().getAsInt());
        byte[] answer = HashedData.wrapToBlock(innerOut.toByteArray(), ctx.random());
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        byte[] encryptedAnswer = AesIge.encrypt(tmp.key(), tmp.iv(), answer);
        state = State.SENT_DH_PARAMS;
        return new TlWriter(encryptedAnswer.length + 48)
                .writeInt(SERVER_DH_PARAMS_OK)
                .writeInt128(nonce)
                .writeInt128(serverNonce)
                .writeBytes(encryptedAnswer)
                .toByteArray();
    }

    /** A 2048-bit exponent whose g^a lies in the safe range. */
    private BigInteger randomExponent() {
        byte[] bytes = new byte[256];
        while (true) {
            ctx.random().nextBytes(bytes);
            BigInteger candidate = new BigInteger(1, bytes);
            BigInteger gA = BigInteger.valueOf(DhParameters.G).modPow(candidate, DhParameters.PRIME);
            try {
                DhChecks.checkGa(gA, DhParameters.PRIME);
                return candidate;
            } catch (SecurityCheckException e) {
                // astronomically unlikely; draw again
            }
        }
    }

    private TlReader decryptInnerData(byte[] encrypted) throws HandshakeException {
        if (encrypted.length != 256) {
            throw new HandshakeException(
                    Reason.BAD_RSA_PADDING, "encrypted_data is " + encrypted.length + " bytes, expected 256");
        }
        try {
            byte[] padded = RsaPad.decrypt(ctx.rsa(), encrypted);
            return new TlReader(padded);
        } catch (SecurityCheckException pad) {
            try {
                byte[] data = RsaPad.decryptLegacy(ctx.rsa(), encrypted);
                return new TlReader(data);
            } catch (SecurityCheckException legacy) {
                throw new HandshakeException(
                        Reason.BAD_RSA_PADDING,
                        "encrypted_data verifies neither as RSA_PAD (" + pad.check() + ") nor as the SHA-1 scheme ("
                                + legacy.check() + ")");
            }
        }
    }

    private void readInnerData(TlReader in) throws HandshakeException {
        try {
            int id = in.readInt();
            boolean hasDc = id == P_Q_INNER_DATA_DC || id == P_Q_INNER_DATA_TEMP_DC;
            boolean temp = id == P_Q_INNER_DATA_TEMP || id == P_Q_INNER_DATA_TEMP_DC;
            if (!hasDc && !temp && id != P_Q_INNER_DATA) {
                throw new HandshakeException(
                        Reason.MALFORMED,
                        "encrypted_data holds constructor 0x" + Integer.toHexString(id)
                                + ", expected a P_Q_inner_data variant");
            }
            byte[] pq = in.readBytes();
            byte[] innerP = in.readBytes();
            byte[] innerQ = in.readBytes();
            byte[] n = in.readInt128();
            byte[] sn = in.readInt128();
            byte[] nn = in.readInt256();
            int dc = hasDc ? in.readInt() : ctx.dcId();
            int expires = temp ? in.readInt() : 0;
            if (!Arrays.equals(pq, longBytes(p * q))
                    || !Arrays.equals(innerP, longBytes(p))
                    || !Arrays.equals(innerQ, longBytes(q))) {
                throw new HandshakeException(
                        Reason.INNER_DATA_MISMATCH, "pq, p or q in the inner data differ from the exchange's");
            }
            if (!MessageDigest.isEqual(n, nonce) || !MessageDigest.isEqual(sn, serverNonce)) {
                throw new HandshakeException(
                        Reason.INNER_DATA_MISMATCH,
                        "nonce or server_nonce in the inner data differ from the request's");
            }
            int plainDc = Math.abs(dc) % 10000;
            if (plainDc != ctx.dcId()) {
                throw new HandshakeException(
                        Reason.WRONG_DC, "inner data is for dc " + dc + ", this is dc " + ctx.dcId());
            }
            if (temp && expires <= 0) {
                throw new HandshakeException(
                        Reason.INNER_DATA_MISMATCH, "temporary key expires_in is " + expires + ", expected > 0");
            }
            newNonce = nn;
            expiresIn = expires;
        } catch (TlDecodeException e) {
            throw new HandshakeException(Reason.MALFORMED, "inner data: " + e.getMessage(), e);
        }
    }

    private byte[] setClientDhParams(TlReader in) throws TlDecodeException, HandshakeException {
        requireState(State.SENT_DH_PARAMS, "set_client_DH_params");
        byte[] n = in.readInt128();
        byte[] sn = in.readInt128();
        byte[] encrypted = in.readBytes();
        in.expectEnd();
        checkNonces(n, sn, "set_client_DH_params");
        if (encrypted.length == 0 || encrypted.length % 16 != 0) {
            throw new HandshakeException(
                    Reason.MALFORMED,
                    "set_client_DH_params encrypted_data is " + encrypted.length
                            + " bytes, expected a positive multiple of 16");
        }
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        byte[] plain = AesIge.decrypt(tmp.key(), tmp.iv(), encrypted);
        byte[] data;
        try {
            data = HashedData.unwrap(plain, 15);
        } catch (SecurityCheckException e) {
            throw new HandshakeException(Reason.BAD_INNER_HASH, "client_DH_inner_data: " + e.getMessage(), e);
        }
        TlReader inner = new TlReader(data);
        int id = inner.readInt();
        if (id != CLIENT_DH_INNER_DATA) {
            throw new HandshakeException(
                    Reason.MALFORMED,
                    "encrypted_data holds constructor 0x" + Integer.toHexString(id)
                            + ", expected client_DH_inner_data 0x6643b654");
        }
        byte[] innerNonce = inner.readInt128();
        byte[] innerServerNonce = inner.readInt128();
        long retryId = inner.readLong();
        byte[] gBBytes = inner.readBytes();
        inner.expectEnd();
        if (!MessageDigest.isEqual(innerNonce, nonce) || !MessageDigest.isEqual(innerServerNonce, serverNonce)) {
            throw new HandshakeException(
                    Reason.INNER_DATA_MISMATCH,
                    "nonce or server_nonce in client_DH_inner_data differ from the exchange's");
        }
        if (retryId != expectedRetryId) {
            throw new HandshakeException(
                    Reason.BAD_RETRY_ID,
                    "retry_id is 0x" + Long.toHexString(retryId) + ", expected 0x" + Long.toHexString(expectedRetryId)
                            + (expectedRetryId == 0
                                    ? " on the first attempt"
                                    : " (auth_key_aux_hash of the previous attempt)"));
        }
        BigInteger gB = new BigInteger(1, gBBytes);
        try {
            DhChecks.checkGb(gB, DhParameters.PRIME);
        } catch (SecurityCheckException e) {
            throw new HandshakeException(Reason.G_B_OUT_OF_RANGE, String.valueOf(e.getMessage()), e);
        }
        byte[] authKey = DhParameters.toFixed(gB.modPow(a, DhParameters.PRIME), 256);
        long auxHash = leLong(KeyDerivation.authKeyAuxHash(authKey), 0);
        long authKeyId = KeyDerivation.authKeyId(authKey);
        TlWriter out = new TlWriter(52).writeInt128(nonce).writeInt128(serverNonce);
        if (ctx.takeForcedRetry().getAsBoolean() || ctx.keys().load(authKeyId) != null) {
            expectedRetryId = auxHash;
            return prepend(
                    DH_GEN_RETRY,
                    out.writeInt128(KeyDerivation.newNonceHash(newNonce, 2, authKey))
                            .toByteArray());
        }
        long salt = KeyDerivation.initialServerSalt(newNonce, serverNonce);
        ctx.keys().save(authKeyId, authKey);
        result = new Result(authKeyId, authKey, salt, expiresIn);
        state = State.DONE;
        return prepend(
                DH_GEN_OK,
                out.writeInt128(KeyDerivation.newNonceHash(newNonce, 1, authKey))
                        .toByteArray());
    }

    private static byte[] prepend(int id, byte[] body) {
        return new TlWriter(body.length + 4).writeInt(id).writeRaw(body).toByteArray();
    }

    private void requireState(State expected, String what) throws HandshakeException {
        if (state != expected) {
            throw new HandshakeException(
                    Reason.UNEXPECTED_MESSAGE, what + " arrived in state " + state + ", expected state " + expected);
        }
    }

    private void checkNonces(byte[] n, byte[] sn, String what) throws HandshakeException {
        if (!MessageDigest.isEqual(n, nonce)) {
            throw new HandshakeException(Reason.NONCE_MISMATCH, what + " carries a nonce other than req_pq's");
        }
        if (!MessageDigest.isEqual(sn, serverNonce)) {
            throw new HandshakeException(
                    Reason.SERVER_NONCE_MISMATCH, what + " carries a server_nonce other than resPQ's");
        }
    }

    /** Big-endian minimal bytes of a positive long, as pq, p and q travel. */
    static byte[] longBytes(long value) {
        return DhParameters.toUnsigned(BigInteger.valueOf(value));
    }

    static long leLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
