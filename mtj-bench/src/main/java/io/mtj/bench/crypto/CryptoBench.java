package io.mtj.bench.crypto;

import io.mtj.crypto.AesCtr;
import io.mtj.crypto.AesIge;
import io.mtj.crypto.Digests;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.crypto.SecurityCheckException;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the mtj-crypto primitives on one buffer of {@code size} bytes per operation; bytes per
 * second is ops/s times size. The message benchmarks include everything per message: msg_key (SHA-256
 * over the payload), the KDF (two SHA-256), re-keying AES and the IGE pass. {@link #jdkCbcEncrypt} is
 * not ours: it is the JDK's AES-CBC encryption, the serial AES-NI rate that bounds IGE encryption,
 * measured in the same run so the two can be compared on a machine whose speed drifts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBench {
    @Param({"128", "4096", "524288"})
    int size;

    // placeholders until @Setup has the size
    private byte[] data = new byte[0];
    private byte[] out = new byte[0];
    private byte[] iv = new byte[32];
    private AesIge ige = new AesIge();
    private AesCtr ctr = new AesCtr(new byte[32], new byte[16]);
    private MessageDigest sha256 = Digests.sha256();
    private final byte[] digest = new byte[32];
    private MessageCipher messages = new MessageCipher(new byte[256]);
    private byte[] message = new byte[0];
    private int messageLength;
    private CbcCeiling cbc = new CbcCeiling(new byte[32]);

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        data = new byte[size];
        random.nextBytes(data);
        out = new byte[size + MessageCipher.HEADER_LENGTH];
        iv = new byte[32];
        random.nextBytes(iv);
        byte[] key = new byte[32];
        random.nextBytes(key);
        ige = new AesIge(key);
        cbc = new CbcCeiling(key);
        ctr = new AesCtr(key, new byte[16]);
        sha256 = Digests.sha256();
        byte[] authKey = new byte[256];
        random.nextBytes(authKey);
        messages = new MessageCipher(authKey);
        message = new byte[size + MessageCipher.HEADER_LENGTH];
        messageLength = messages.encrypt(Direction.CLIENT_TO_SERVER, data, 0, size, message, 0);
    }

    @Benchmark
    public byte[] igeEncrypt() {
        ige.encrypt(iv, data, 0, size, out, 0);
        return out;
    }

    /** The JDK's AES/CBC/NoPadding over the same bytes: the ceiling of {@link #igeEncrypt}. */
    @Benchmark
    public byte[] jdkCbcEncrypt() throws Exception {
        return cbc.encrypt(data, size, out);
    }

    @Benchmark
    public byte[] igeDecrypt() {
        ige.decrypt(iv, data, 0, size, out, 0);
        return out;
    }

    @Benchmark
    public byte[] ctr() {
        ctr.apply(data, 0, size, out, 0);
        return out;
    }

    @Benchmark
    public byte[] ctrInPlace() {
        ctr.apply(out, 0, size);
        return out;
    }

    @Benchmark
    public byte[] sha256() throws Exception {
        sha256.update(data, 0, size);
        sha256.digest(digest, 0, 32);
        return digest;
    }

    @Benchmark
    public byte[] messageEncrypt() {
        messages.encrypt(Direction.CLIENT_TO_SERVER, data, 0, size, out, 0);
        return out;
    }

    @Benchmark
    public byte[] messageDecrypt() throws SecurityCheckException {
        messages.decrypt(Direction.CLIENT_TO_SERVER, message, 0, messageLength, out, 0);
        return out;
    }
}
