package io.mtj.bench.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * The serial part of IGE decryption, one AES block per JCE call, through the two JDK modes that can
 * do it: ECB (what AesIge uses) and CBC decrypt (the chaining XOR then undone). Kept to justify the
 * choice in AesIge; both compute the same plaintext.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IgeDecryptVariants {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    @Param({"4096"})
    int size;

    private byte[] data = new byte[0];
    private byte[] out = new byte[0];
    private final byte[] bi = new byte[16];
    private final byte[] bo = new byte[16];
    private final Cipher ecb;
    private final Cipher cbc;

    public IgeDecryptVariants() {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            cbc = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Setup
    public void setup() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        data = new byte[size];
        random.nextBytes(data);
        out = new byte[size];
        byte[] key = new byte[32];
        random.nextBytes(key);
        ecb.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        cbc.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
    }

    @Benchmark
    public byte[] ecbPerBlock() throws Exception {
        long px0 = 0;
        long px1 = 0;
        long py0 = 0;
        long py1 = 0;
        for (int j = 0; j < size; j += 16) {
            long y0 = (long) LONG.get(data, j);
            long y1 = (long) LONG.get(data, j + 8);
            LONG.set(bi, 0, y0 ^ px0);
            LONG.set(bi, 8, y1 ^ px1);
            ecb.update(bi, 0, 16, bo, 0);
            px0 = (long) LONG.get(bo, 0) ^ py0;
            px1 = (long) LONG.get(bo, 8) ^ py1;
            LONG.set(out, j, px0);
            LONG.set(out, j + 8, px1);
            py0 = y0;
            py1 = y1;
        }
        return out;
    }

    @Benchmark
    public byte[] cbcPerBlock() throws Exception {
        // CBC decrypt returns D(t_i) ^ t_(i-1); t_(i-1) is tracked and XORed back out
        long px0 = 0;
        long px1 = 0;
        long py0 = 0;
        long py1 = 0;
        long pt0 = 0;
        long pt1 = 0;
        for (int j = 0; j < size; j += 16) {
            long y0 = (long) LONG.get(data, j);
            long y1 = (long) LONG.get(data, j + 8);
            long t0 = y0 ^ px0;
            long t1 = y1 ^ px1;
            LONG.set(bi, 0, t0);
            LONG.set(bi, 8, t1);
            cbc.update(bi, 0, 16, bo, 0);
            px0 = (long) LONG.get(bo, 0) ^ pt0 ^ py0;
            px1 = (long) LONG.get(bo, 8) ^ pt1 ^ py1;
            LONG.set(out, j, px0);
            LONG.set(out, j + 8, px1);
            py0 = y0;
            py1 = y1;
            pt0 = t0;
            pt1 = t1;
        }
        return out;
    }
}
