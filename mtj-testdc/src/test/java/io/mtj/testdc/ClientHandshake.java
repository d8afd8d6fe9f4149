package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.crypto.AesIge;
import io.mtj.crypto.DhChecks;
import io.mtj.crypto.HashedData;
import io.mtj.crypto.KeyDerivation;
import io.mtj.crypto.PqFactorizer;
import io.mtj.crypto.RsaPad;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The client side of the DH key exchange written out step by step for the tests, so that each step can be sent
 * with a field broken on purpose. It checks what the DC answers as strictly as a real client.
 */
final class ClientHandshake {
    final MiniClient client;
    final RsaPublicKey key;
    final RandomGenerator random;
    byte[] nonce = new byte[16];
    byte[] serverNonce = new byte[0];
    byte[] newNonce = new byte[32];
    long pq;
    long p;
    long q;
    long fingerprint;
    BigInteger dhPrime = BigInteger.ZERO;
    BigInteger gA = BigInteger.ZERO;
    int g;
    int serverTime;
    BigInteger b = BigInteger.ZERO;
    byte[] authKey = new byte[0];
    long retryId;
    /** Raw bytes of the last answers, for reproducibility checks. */
    byte[] resPqBytes = new byte[0];

    byte[] dhParamsBytes = new byte[0];

    ClientHandshake(MiniClient client, RsaPublicKey key, RandomGenerator random) {
        this.client = client;
        this.key = key;
        this.random = random;
        random.nextBytes(nonce);
        random.nextBytes(newNonce);
    }

    /** Runs every step with p_q_inner_data_dc and RSA_PAD; returns this with authKey set. */
    static ClientHandshake complete(MiniClient client, RsaPublicKey key, RandomGenerator random, int dcId)
            throws Exception {
        ClientHandshake h = new ClientHandshake(client, key, random);
        h.reqPq();
        h.reqDhParams(h.innerData(DhExchange.P_Q_INNER_DATA_DC, dcId, 0), false);
        assertThat(h.setClientDh(null)).isEqualTo(DhExchange.DH_GEN_OK);
        return h;
    }

    long salt() {
        return KeyDerivation.initialServerSalt(newNonce, serverNonce);
    }

    long authKeyId() {
        return KeyDerivation.authKeyId(authKey);
    }

    void reqPq() throws Exception {
        client.sendPlain(new TlWriter()
                .writeInt(DhExchange.REQ_PQ_MULTI)
                .writeInt128(nonce)
                .toByteArray());
        resPqBytes = client.receivePlain();
        TlReader in = new TlReader(resPqBytes);
        assertThat(in.readInt()).isEqualTo(DhExchange.RES_PQ);
        assertThat(in.readInt128()).isEqualTo(nonce);
        serverNonce = in.readInt128();
        byte[] pqBytes = in.readBytes();
        assertThat(pqBytes).hasSize(8);
        pq = new BigInteger(1, pqBytes).longValueExact();
        assertThat(in.readInt()).isEqualTo(DhExchange.VECTOR);
        assertThat(in.readInt()).isEqualTo(1);
        fingerprint = in.readLong();
        in.expectEnd();
        PqFactorizer.Factors f = PqFactorizer.factor(pq);
        p = f.p();
        q = f.q();
    }

    byte[] innerData(int constructor, int dc, int expiresIn) {
        TlWriter out = new TlWriter().writeInt(constructor);
        out.writeBytes(DhExchange.longBytes(pq))
                .writeBytes(DhExchange.longBytes(p))
                .writeBytes(DhExchange.longBytes(q));
        out.writeInt128(nonce).writeInt128(serverNonce).writeInt256(newNonce);
        if (constructor == DhExchange.P_Q_INNER_DATA_DC || constructor == DhExchange.P_Q_INNER_DATA_TEMP_DC) {
            out.writeInt(dc);
        }
        if (constructor == DhExchange.P_Q_INNER_DATA_TEMP || constructor == DhExchange.P_Q_INNER_DATA_TEMP_DC) {
            out.writeInt(expiresIn);
        }
        return out.toByteArray();
    }

    byte[] encrypt(byte[] inner, boolean legacy) {
        return legacy ? RsaPad.encryptLegacy(key, inner, random) : RsaPad.encrypt(key, inner, random);
    }

    /** Sends req_DH_params with arbitrary fields; the answer is not read. */
    void sendReqDhParams(byte[] n, byte[] sn, byte[] pBytes, byte[] qBytes, long fp, byte[] encrypted)
            throws IOException {
        client.sendPlain(new TlWriter()
                .writeInt(DhExchange.REQ_DH_PARAMS)
                .writeInt128(n)
                .writeInt128(sn)
                .writeBytes(pBytes)
                .writeBytes(qBytes)
                .writeLong(fp)
                .writeBytes(encrypted)
                .toByteArray());
    }

    /** Sends a correct req_DH_params carrying {@code inner} and checks server_DH_params_ok. */
    void reqDhParams(byte[] inner, boolean legacy) throws Exception {
        sendReqDhParams(
                nonce,
                serverNonce,
                DhExchange.longBytes(p),
                DhExchange.longBytes(q),
                fingerprint,
                encrypt(inner, legacy));
        dhParamsBytes = client.receivePlain();
        TlReader in = new TlReader(dhParamsBytes);
        assertThat(in.readInt()).isEqualTo(DhExchange.SERVER_DH_PARAMS_OK);
        assertThat(in.readInt128()).isEqualTo(nonce);
        assertThat(in.readInt128()).isEqualTo(serverNonce);
        byte[] encrypted = in.readBytes();
        in.expectEnd();
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        byte[] answer = HashedData.unwrap(AesIge.decrypt(tmp.key(), tmp.iv(), encrypted), 15);
        TlReader inner2 = new TlReader(answer);
        assertThat(inner2.readInt()).isEqualTo(DhExchange.SERVER_DH_INNER_DATA);
        assertThat(inner2.readInt128()).isEqualTo(nonce);
        assertThat(inner2.readInt128()).isEqualTo(serverNonce);
        g = inner2.readInt();
        dhPrime = new BigInteger(1, inner2.readBytes());
        gA = new BigInteger(1, inner2.readBytes());
        serverTime = inner2.readInt();
        inner2.expectEnd();
        DhChecks.checkPrimeAndGenerator(dhPrime, g);
        DhChecks.checkGa(gA, dhPrime);
    }

    /** Sends set_client_DH_params; returns the answer's constructor id after checking its nonce hash. */
    int setClientDh(@Nullable BigInteger gBOverride) throws Exception {
        byte[] bBytes = new byte[256];
        random.nextBytes(bBytes);
        b = new BigInteger(1, bBytes);
        BigInteger gB = gBOverride != null ? gBOverride : BigInteger.valueOf(g).modPow(b, dhPrime);
        byte[] inner = new TlWriter()
                .writeInt(DhExchange.CLIENT_DH_INNER_DATA)
                .writeInt128(nonce)
                .writeInt128(serverNonce)
                .writeLong(retryId)
                .writeBytes(DhParameters.toUnsigned(gB))
                .toByteArray();
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        byte[] encrypted = AesIge.encrypt(tmp.key(), tmp.iv(), HashedData.wrapToBlock(inner, random));
        client.sendPlain(new TlWriter()
                .writeInt(DhExchange.SET_CLIENT_DH_PARAMS)
                .writeInt128(nonce)
                .writeInt128(serverNonce)
                .writeBytes(encrypted)
                .toByteArray());
        byte[] answer = client.receivePlain();
        TlReader in = new TlReader(answer);
        int id = in.readInt();
        assertThat(in.readInt128()).isEqualTo(nonce);
        assertThat(in.readInt128()).isEqualTo(serverNonce);
        byte[] hash = in.readInt128();
        in.expectEnd();
        byte[] key = DhParameters.toFixed(gA.modPow(b, dhPrime), 256);
        int number = id == DhExchange.DH_GEN_OK ? 1 : id == DhExchange.DH_GEN_RETRY ? 2 : 3;
        assertThat(hash).isEqualTo(KeyDerivation.newNonceHash(newNonce, number, key));
        if (id == DhExchange.DH_GEN_OK) {
            authKey = key;
        } else {
            retryId = DhExchange.leLong(KeyDerivation.authKeyAuxHash(key), 0);
        }
        return id;
    }

    static byte[] flip(byte[] in) {
        byte[] out = Arrays.copyOf(in, in.length);
        out[0] ^= 1;
        return out;
    }
}
