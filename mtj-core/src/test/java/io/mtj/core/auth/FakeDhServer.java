package io.mtj.core.auth;

import io.mtj.api.mtproto.ClientDHInnerData;
import io.mtj.api.mtproto.DhGenFail;
import io.mtj.api.mtproto.DhGenOk;
import io.mtj.api.mtproto.DhGenRetry;
import io.mtj.api.mtproto.PQInnerDataDc;
import io.mtj.api.mtproto.PQInnerDataTempDc;
import io.mtj.api.mtproto.PQInnerDataType;
import io.mtj.api.mtproto.ReqDHParams;
import io.mtj.api.mtproto.ReqPqMulti;
import io.mtj.api.mtproto.ResPQ;
import io.mtj.api.mtproto.ServerDHInnerData;
import io.mtj.api.mtproto.ServerDHParamsFail;
import io.mtj.api.mtproto.ServerDHParamsOk;
import io.mtj.api.mtproto.SetClientDHParams;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.PlainMessage;
import io.mtj.core.wire.PlainMessageCodec;
import io.mtj.crypto.AesIge;
import io.mtj.crypto.Digests;
import io.mtj.crypto.HashedData;
import io.mtj.crypto.KeyDerivation;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.crypto.RsaPad;
import io.mtj.tl.TlObject;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * An in-memory server side of the key exchange, answering synchronously inside {@link #send}, with switches that
 * break one thing each. Records every byte the client sent.
 */
final class FakeDhServer implements Transport {
    static final BigInteger PRIME = new BigInteger("""
            C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DB\
            FA336F6E0AC925139543AED44CCE7C3720FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64\
            2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4A4A695811051907E162753B56B0F6B41\
            0DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4\
            E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF\
            6F4FADF034B10403119CD8E3B92FCC5B""", 16);
    static final long P = 0x494C553BL;
    static final long Q = 0x53911073L;
    static final Instant SERVER_TIME = Instant.ofEpochSecond(1_800_000_000L);

    enum Fault {
        RESPQ_NONCE,
        UNKNOWN_FINGERPRINT,
        DH_PARAMS_SERVER_NONCE,
        DH_PARAMS_FAIL,
        ANSWER_HASH,
        PRIME_NOT_SAFE,
        G_OUT_OF_RANGE,
        G_A_OUT_OF_RANGE,
        NEW_NONCE_HASH,
        DH_GEN_FAIL,
        DH_GEN_RETRY_ONCE
    }

    private final RsaKeyPair rsa;
    private final RandomGenerator random;
    private final Set<Fault> faults;
    private final MsgIdGenerator msgIds = new MsgIdGenerator(InstantSource.fixed(SERVER_TIME));
    private final ArrayDeque<byte[]> replies = new ArrayDeque<>();
    final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
    private byte[] nonce = new byte[0];
    private byte[] serverNonce = new byte[16];
    private byte[] newNonce = new byte[0];
    private BigInteger a = BigInteger.ZERO;
    private boolean retried;
    byte[] authKey = new byte[0];
    long retryIdSeen = -1;
    long expectedRetryId = -1;
    /** expires_in of p_q_inner_data_temp_dc, or -1 when the client sent p_q_inner_data_dc. */
    int tempExpiresInSeen = -1;

    FakeDhServer(RsaKeyPair rsa, RandomGenerator random, Set<Fault> faults) {
        this.rsa = rsa;
        this.random = random;
        this.faults = faults;
    }

    private boolean has(Fault f) {
        return faults.contains(f);
    }

    @Override
    public void connect(Endpoint endpoint) {}

    @Override
    public void send(byte[] payload, int off, int len, boolean quickAck) throws IOException {
        byte[] packet = Arrays.copyOfRange(payload, off, off + len);
        clientBytes.write(packet);
        PlainMessage msg = PlainMessageCodec.decode(packet, MsgIdKind.Peer.CLIENT);
        TlReader in = new TlReader(msg.body());
        int id = in.readInt();
        TlObject reply =
                switch (id) {
                    case ReqPqMulti.ID -> resPq(ReqPqMulti.readBody(in));
                    case ReqDHParams.ID -> dhParams(ReqDHParams.readBody(in));
                    case SetClientDHParams.ID -> setClient(SetClientDHParams.readBody(in));
                    default -> throw new IOException("unexpected constructor 0x" + Integer.toHexString(id));
                };
        replies.add(PlainMessageCodec.encode(
                new PlainMessage(msgIds.next(MsgIdKind.SERVER_RESPONSE), TlWriter.serialize(reply))));
    }

    private ResPQ resPq(ReqPqMulti req) {
        nonce = req.nonce();
        random.nextBytes(serverNonce);
        byte[] sentNonce = nonce.clone();
        if (has(Fault.RESPQ_NONCE)) {
            sentNonce[0] ^= 1;
        }
        long fp = has(Fault.UNKNOWN_FINGERPRINT) ? 0x1234L : rsa.publicKey().fingerprint();
        return new ResPQ(sentNonce, serverNonce, BigInteger.valueOf(P * Q).toByteArray(), List.of(0x77L, fp));
    }

    private TlObject dhParams(ReqDHParams req) throws IOException {
        byte[] padded = RsaPad.decrypt(rsa, req.encryptedData());
        PQInnerDataType read = PQInnerDataType.read(new TlReader(padded));
        PQInnerDataDc inner;
        if (read instanceof PQInnerDataTempDc temp) {
            tempExpiresInSeen = temp.expiresIn();
            inner = new PQInnerDataDc(
                    temp.pq(), temp.p(), temp.q(), temp.nonce(), temp.serverNonce(), temp.newNonce(), temp.dc());
        } else {
            inner = (PQInnerDataDc) read;
        }
        if (!Arrays.equals(inner.nonce(), nonce) || inner.dc() != 2) {
            throw new IOException("bad p_q_inner_data_dc");
        }
        if (new BigInteger(1, inner.p()).longValueExact() != P || new BigInteger(1, inner.q()).longValueExact() != Q) {
            throw new IOException("wrong factors");
        }
        newNonce = inner.newNonce();
        byte[] sn = serverNonce.clone();
        if (has(Fault.DH_PARAMS_SERVER_NONCE)) {
            sn[15] ^= 1;
        }
        if (has(Fault.DH_PARAMS_FAIL)) {
            return new ServerDHParamsFail(nonce, sn, Arrays.copyOfRange(Digests.sha1(newNonce), 4, 20));
        }
        byte[] aBytes = new byte[256];
        random.nextBytes(aBytes);
        a = new BigInteger(1, aBytes);
        BigInteger prime = has(Fault.PRIME_NOT_SAFE) ? PRIME.add(BigInteger.valueOf(6)) : PRIME;
        int g = has(Fault.G_OUT_OF_RANGE) ? 9 : 3;
        BigInteger ga = has(Fault.G_A_OUT_OF_RANGE)
                ? BigInteger.TWO
                : BigInteger.valueOf(3).modPow(a, PRIME);
        ServerDHInnerData data = new ServerDHInnerData(
                nonce, serverNonce, g, KeyExchange.unsigned(prime), KeyExchange.unsigned(ga), (int)
                        SERVER_TIME.getEpochSecond());
        byte[] withHash = HashedData.wrapToBlock(TlWriter.serialize(data), random);
        if (has(Fault.ANSWER_HASH)) {
            withHash[25] ^= 1;
        }
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        return new ServerDHParamsOk(nonce, sn, AesIge.encrypt(tmp.key(), tmp.iv(), withHash));
    }

    private TlObject setClient(SetClientDHParams req) throws IOException {
        KeyDerivation.AesKeyIv tmp = KeyDerivation.tmpAesKeyIv(newNonce, serverNonce);
        byte[] plain = HashedData.unwrap(AesIge.decrypt(tmp.key(), tmp.iv(), req.encryptedData()), 15);
        ClientDHInnerData inner = ClientDHInnerData.read(new TlReader(plain));
        retryIdSeen = inner.retryId();
        authKey = KeyExchange.fixed(new BigInteger(1, inner.gB()).modPow(a, PRIME), 256);
        if (has(Fault.DH_GEN_RETRY_ONCE) && !retried) {
            retried = true;
            expectedRetryId = ByteBuffer.wrap(KeyDerivation.authKeyAuxHash(authKey))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getLong();
            return new DhGenRetry(nonce, serverNonce, KeyDerivation.newNonceHash(newNonce, 2, authKey));
        }
        if (has(Fault.DH_GEN_FAIL)) {
            return new DhGenFail(nonce, serverNonce, KeyDerivation.newNonceHash(newNonce, 3, authKey));
        }
        byte[] hash = KeyDerivation.newNonceHash(newNonce, 1, authKey);
        if (has(Fault.NEW_NONCE_HASH)) {
            hash[0] ^= 1;
        }
        return new DhGenOk(nonce, serverNonce, hash);
    }

    long expectedSalt() {
        return KeyDerivation.initialServerSalt(newNonce, serverNonce);
    }

    String clientHex() {
        return HexFormat.of().formatHex(clientBytes.toByteArray());
    }

    @Override
    public Frame receive() throws IOException {
        byte[] next = replies.poll();
        if (next == null) {
            throw new EOFException("fake server has nothing to say");
        }
        return new Frame.Packet(next);
    }

    @Override
    public void close() {}

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
