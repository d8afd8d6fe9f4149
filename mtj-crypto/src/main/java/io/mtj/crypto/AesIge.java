package io.mtj.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in Infinite Garble Extension mode, as MTProto uses it: {@code y_i = E(x_i ^ y_(i-1)) ^
 * x_(i-1)}. The 32-byte IV holds {@code y_(-1)} (first half) then {@code x_(-1)} (second half), the
 * OpenSSL and Telegram layout. MTProto uses 256-bit keys; 128 and 192-bit keys are accepted too (the
 * published OpenSSL vectors use them).
 *
 * <p>Encryption runs as one AES-CBC pass: with {@code z_i = y_i ^ x_(i-1)} the recurrence becomes
 * {@code z_i = E((x_i ^ x_(i-2)) ^ z_(i-1))}, which is CBC over {@code x_i ^ x_(i-2)}; a final XOR
 * with {@code x_(i-1)} gives {@code y_i}. The CBC cipher is never re-initialised for a new IV: its
 * chaining value (the last block it produced) is folded into the first input block instead, so a
 * call allocates nothing. CBC is latency-bound (each block waits for the previous one), so the two
 * XOR passes are what IGE adds to it; they work on {@value #CHUNK}-byte chunks staged in two sets of
 * scratch arrays, so that while the CBC of one chunk runs, the previous chunk is finished and the
 * next one staged. Decryption is serial by nature and runs one ECB block at a time through a reused
 * cipher.
 *
 * <p>Lengths must be multiples of 16. Input and output may be the same array at the same offset
 * (in place) or must not overlap. The IV array is only read. Not thread-safe: one instance per
 * thread; {@link #init(byte[])} re-keys it, so a single instance can serve every message.
 */
public final class AesIge {
    static final int BLOCK = 16;
    static final int CHUNK = 1024;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK]);

    private final Cipher cbc;
    private final Cipher ecb;
    private byte[] key = new byte[0];
    private boolean cbcKeyed;
    private boolean ecbKeyed;
    /** The CBC cipher's chaining value: the last block it output (zero after keying). */
    private long chain0;

    private long chain1;
    /** Per lane: two blocks of history then one chunk of plaintext; the CBC input; the CBC output. */
    private final byte[][] stage = {new byte[0], new byte[0]};

    private final byte[][] cbcIn = {new byte[0], new byte[0]};
    private final byte[][] cbcOut = {new byte[0], new byte[0]};
    private final byte[] blockIn = new byte[BLOCK];
    private final byte[] blockOut = new byte[BLOCK];

    /** An unkeyed instance; call {@link #init(byte[])} before use. */
    public AesIge() {
        try {
            cbc = Cipher.getInstance("AES/CBC/NoPadding");
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC or AES/ECB unavailable in this JDK", e);
        }
    }

    /** An instance keyed with {@code key} (16, 24 or 32 bytes). */
    public AesIge(byte[] key) {
        this();
        init(key);
    }

    /** Sets the key (16, 24 or 32 bytes; MTProto uses 32). The key schedule is computed lazily. */
    public void init(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        if (this.key.length == key.length) {
            System.arraycopy(key, 0, this.key, 0, key.length);
        } else {
            this.key = key.clone();
        }
        cbcKeyed = false;
        ecbKeyed = false;
    }

    /** Encrypts {@code in[inOff, inOff+len)} into {@code out[outOff, ...)} with the 32-byte {@code iv}. */
    public void encrypt(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkArgs(iv, in, inOff, len, out, outOff);
        if (len == 0) {
            return;
        }
        keyCbc();
        ensureScratch(len);
        // the slots before chunk 0: x_(-2) is played by y_(-1) ^ chain (see class doc), then x_(-1)
        byte[] first = stage[0];
        LONG.set(first, 0, (long) LONG.get(iv, 0) ^ chain0);
        LONG.set(first, 8, (long) LONG.get(iv, 8) ^ chain1);
        System.arraycopy(iv, BLOCK, first, BLOCK, BLOCK);
        int lane = 0;
        int done = 0;
        int n = Math.min(len, CHUNK);
        int previous = 0;
        stageChunk(in, inOff, n, lane);
        while (true) {
            cbcUpdate(lane, n);
            // while the CBC chain of this chunk drains, finish the previous chunk and stage the next
            if (previous > 0) {
                finishChunk(1 - lane, previous, out, outOff + done - previous);
            }
            int next = done + n;
            if (next == len) {
                break;
            }
            int m = Math.min(len - next, CHUNK);
            System.arraycopy(stage[lane], n, stage[1 - lane], 0, 2 * BLOCK);
            stageChunk(in, inOff + next, m, 1 - lane);
            previous = n;
            done = next;
            n = m;
            lane = 1 - lane;
        }
        chain0 = (long) LONG.get(cbcOut[lane], n - BLOCK);
        chain1 = (long) LONG.get(cbcOut[lane], n - BLOCK + 8);
        finishChunk(lane, n, out, outOff + done);
    }

    /**
     * Copies plaintext chunk {@code in[from, from+n)} to {@code stage[lane][32, 32+n)} (after the two
     * blocks that precede it) and writes the CBC input {@code x_i ^ x_(i-2)} to {@code cbcIn[lane]}.
     */
    private void stageChunk(byte[] in, int from, int n, int lane) {
        byte[] x = stage[lane];
        byte[] p = cbcIn[lane];
        System.arraycopy(in, from, x, 2 * BLOCK, n);
        System.arraycopy(x, 0, p, 0, n);
        xorTwoBlocksAhead(p, x, n);
    }

    /** Turns the CBC output {@code z_i} of a chunk into {@code y_i = z_i ^ x_(i-1)} and copies it out. */
    private void finishChunk(int lane, int n, byte[] out, int to) {
        byte[] z = cbcOut[lane];
        xorOneBlockAhead(z, stage[lane], n);
        System.arraycopy(z, 0, out, to, n);
    }

    private void cbcUpdate(int lane, int n) {
        try {
            cbc.update(cbcIn[lane], 0, n, cbcOut[lane], 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    // Both loops read and write dst at the same index and read src at a constant distance ahead: the
    // shape C2 vectorizes (an offset that is not a compile-time constant keeps it scalar).
    private static void xorTwoBlocksAhead(byte[] dst, byte[] src, int n) {
        for (int j = 0; j < n; j += 8) {
            LONG.set(dst, j, (long) LONG.get(dst, j) ^ (long) LONG.get(src, j + 2 * BLOCK));
        }
    }

    private static void xorOneBlockAhead(byte[] dst, byte[] src, int n) {
        for (int j = 0; j < n; j += 8) {
            LONG.set(dst, j, (long) LONG.get(dst, j) ^ (long) LONG.get(src, j + BLOCK));
        }
    }

    /** Decrypts {@code in[inOff, inOff+len)} into {@code out[outOff, ...)} with the 32-byte {@code iv}. */
    public void decrypt(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkArgs(iv, in, inOff, len, out, outOff);
        if (len == 0) {
            return;
        }
        keyEcb();
        long py0 = (long) LONG.get(iv, 0);
        long py1 = (long) LONG.get(iv, 8);
        long px0 = (long) LONG.get(iv, 16);
        long px1 = (long) LONG.get(iv, 24);
        byte[] bi = blockIn;
        byte[] bo = blockOut;
        try {
            for (int j = 0; j < len; j += BLOCK) {
                long y0 = (long) LONG.get(in, inOff + j);
                long y1 = (long) LONG.get(in, inOff + j + 8);
                LONG.set(bi, 0, y0 ^ px0);
                LONG.set(bi, 8, y1 ^ px1);
                ecb.update(bi, 0, BLOCK, bo, 0);
                px0 = (long) LONG.get(bo, 0) ^ py0;
                px1 = (long) LONG.get(bo, 8) ^ py1;
                LONG.set(out, outOff + j, px0);
                LONG.set(out, outOff + j + 8, px1);
                py0 = y0;
                py1 = y1;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** In place over {@code buf[off, off+len)}. */
    public void encrypt(byte[] iv, byte[] buf, int off, int len) {
        encrypt(iv, buf, off, len, buf, off);
    }

    /** In place over {@code buf[off, off+len)}. */
    public void decrypt(byte[] iv, byte[] buf, int off, int len) {
        decrypt(iv, buf, off, len, buf, off);
    }

    /** One-shot encryption into a new array (for the key exchange; allocates a cipher). */
    public static byte[] encrypt(byte[] key, byte[] iv, byte[] data) {
        byte[] out = new byte[data.length];
        new AesIge(key).encrypt(iv, data, 0, data.length, out, 0);
        return out;
    }

    /** One-shot decryption into a new array (for the key exchange; allocates a cipher). */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] data) {
        byte[] out = new byte[data.length];
        new AesIge(key).decrypt(iv, data, 0, data.length, out, 0);
        return out;
    }

    private void keyCbc() {
        if (cbcKeyed) {
            return;
        }
        requireKey();
        try {
            cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC rejected the key", e);
        }
        chain0 = 0;
        chain1 = 0;
        cbcKeyed = true;
    }

    private void keyEcb() {
        if (ecbKeyed) {
            return;
        }
        requireKey();
        try {
            ecb.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB rejected the key", e);
        }
        ecbKeyed = true;
    }

    private void requireKey() {
        if (key.length == 0) {
            throw new IllegalStateException("AesIge has no key: call init(key) first");
        }
    }

    private void ensureScratch(int len) {
        if (cbcIn[0].length >= Math.min(len, CHUNK)) {
            return;
        }
        int size = Math.min(CHUNK, Math.max(len, 256));
        for (int lane = 0; lane < 2; lane++) {
            stage[lane] = new byte[size + 2 * BLOCK];
            cbcIn[lane] = new byte[size];
            cbcOut[lane] = new byte[size];
        }
    }

    private static void checkArgs(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (iv.length != 2 * BLOCK) {
            throw new IllegalArgumentException("AES-IGE iv must be 32 bytes, got " + iv.length);
        }
        if (len % BLOCK != 0) {
            throw new IllegalArgumentException("AES-IGE length must be a multiple of 16, got " + len);
        }
        java.util.Objects.checkFromIndexSize(inOff, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, len, out.length);
    }

    /** Wipes the key copy held by this instance and the plaintext left in its scratch arrays. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        key = new byte[0];
        for (int lane = 0; lane < 2; lane++) {
            Arrays.fill(stage[lane], (byte) 0);
            Arrays.fill(cbcIn[lane], (byte) 0);
            Arrays.fill(cbcOut[lane], (byte) 0);
        }
        Arrays.fill(blockIn, (byte) 0);
        Arrays.fill(blockOut, (byte) 0);
        cbcKeyed = false;
        ecbKeyed = false;
    }
}
