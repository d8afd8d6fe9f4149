package io.mtj.bench.crypto;

import io.mtj.crypto.AesIge;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * IGE encryption as {@link AesIge} does it (1 KB chunks staged in scratch arrays, XOR loops C2
 * vectorizes, the next chunk staged while one runs through CBC) against the single-pass form it
 * replaced (scalar XORs straight from the input, 16 KB CBC calls), with the JDK's CBC encryption of
 * the same bytes as the ceiling both share. Setup checks that both forms produce the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IgeEncryptVariants {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SINGLE_PASS_CHUNK = 16 * 1024;

    @Param({"128", "4096", "524288"})
    int size;

    private byte[] data = new byte[0];
    private byte[] out = new byte[0];
    private byte[] iv = new byte[32];
    private AesIge ige = new AesIge();
    private final Cipher singlePassCbc;
    private CbcCeiling ceiling = new CbcCeiling(new byte[32]);
    private final byte[] cbcIn = new byte[SINGLE_PASS_CHUNK];
    private final byte[] cbcOut = new byte[SINGLE_PASS_CHUNK];
    private long chain0;
    private long chain1;

    public IgeEncryptVariants() {
        try {
            singlePassCbc = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Setup
    public void setup() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        data = new byte[size];
        random.nextBytes(data);
        out = new byte[size];
        random.nextBytes(iv);
        byte[] key = new byte[32];
        random.nextBytes(key);
        ige = new AesIge(key);
        singlePassCbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        ceiling = new CbcCeiling(key);
        chain0 = 0;
        chain1 = 0;
        for (int round = 0; round < 3; round++) {
            byte[] expected = library().clone();
            if (!Arrays.equals(singlePass(), expected)) {
                throw new IllegalStateException("single-pass IGE differs from AesIge at " + size + " bytes");
            }
        }
    }

    @Benchmark
    public byte[] library() {
        ige.encrypt(iv, data, 0, size, out, 0);
        return out;
    }

    @Benchmark
    public byte[] jdkCbc() throws Exception {
        return ceiling.encrypt(data, size, out);
    }

    /** The form AesIge used before: x_(i-2) and x_(i-1) carried in registers, scalar XORs. */
    @Benchmark
    public byte[] singlePass() throws Exception {
        long a0 = (long) LONG.get(iv, 0) ^ chain0;
        long a1 = (long) LONG.get(iv, 8) ^ chain1;
        long b0 = (long) LONG.get(iv, 16);
        long b1 = (long) LONG.get(iv, 24);
        long q0 = b0;
        long q1 = b1;
        for (int done = 0; done < size; ) {
            int n = Math.min(size - done, SINGLE_PASS_CHUNK);
            for (int j = 0; j < n; j += 16) {
                long x0 = (long) LONG.get(data, done + j);
                long x1 = (long) LONG.get(data, done + j + 8);
                LONG.set(cbcIn, j, x0 ^ a0);
                LONG.set(cbcIn, j + 8, x1 ^ a1);
                a0 = b0;
                a1 = b1;
                b0 = x0;
                b1 = x1;
            }
            singlePassCbc.update(cbcIn, 0, n, cbcOut, 0);
            for (int j = 0; j < n; j += 16) {
                long x0 = (long) LONG.get(data, done + j);
                long x1 = (long) LONG.get(data, done + j + 8);
                LONG.set(out, done + j, (long) LONG.get(cbcOut, j) ^ q0);
                LONG.set(out, done + j + 8, (long) LONG.get(cbcOut, j + 8) ^ q1);
                q0 = x0;
                q1 = x1;
            }
            chain0 = (long) LONG.get(cbcOut, n - 16);
            chain1 = (long) LONG.get(cbcOut, n - 8);
            done += n;
        }
        return out;
    }
}
