package io.mtj.transport.obfs;

import io.mtj.crypto.AesCtr;
import io.mtj.transport.ForwardingWire;
import io.mtj.transport.FrameException;
import io.mtj.transport.Framing;
import io.mtj.transport.Wire;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The obfuscated2 layer: every byte in both directions is XORed with an AES-256-CTR keystream whose
 * keys come from the 64-byte header the client sends first.
 *
 * <p>Key schedule: the client encrypts with key = header[8..40), iv = header[40..56) and decrypts
 * with the same 48 bytes reversed (key = rev[0..32), iv = rev[32..48)). With an MTProxy secret each
 * key becomes SHA-256(key || secret). The header is sent with its last 8 bytes (protocol tag and dc
 * id) replaced by their encryption, and the encrypt keystream continues into the stream after it.
 * The server side uses the mirror keys.
 *
 * <p>Follows the {@link Wire} contract: one reader and one writer at a time; writes never modify the
 * caller's array and are buffered until {@link #flush}. Reads may decrypt ahead of what was asked.
 */
public final class ObfuscatedWire extends ForwardingWire {
    private static final int CHUNK = 16 * 1024;

    private final AesCtr encrypt;
    private final AesCtr decrypt;
    private final Framing framing;
    private final int dcId;
    private final int secretIndex;
    private final byte[] out = new byte[CHUNK];
    private final byte[] pending = new byte[CHUNK];
    private int pendingLen;
    private final byte[] raw = new byte[CHUNK];
    private final byte[] plain = new byte[CHUNK];
    private int plainPos;
    private int plainLimit;

    private ObfuscatedWire(Wire below, AesCtr encrypt, AesCtr decrypt, Framing framing, int dcId, int secretIndex) {
        super(below);
        this.encrypt = encrypt;
        this.decrypt = decrypt;
        this.framing = framing;
        this.dcId = dcId;
        this.secretIndex = secretIndex;
    }

    /**
     * Client side: writes the header (not flushed) and returns the layer to write frames through.
     *
     * @param random64 64 random bytes obeying {@link ObfuscationHeader#violation}; bytes 56..62 are
     *     overwritten with the tag and dc id. Not modified.
     * @param headerDcId the dc id as the header carries it ({@link io.mtj.transport.Endpoint#headerDcId()})
     * @param secret a 16-byte MTProxy secret, or null for a direct connection
     */
    public static ObfuscatedWire client(
            Wire below, byte[] random64, Framing framing, int headerDcId, byte @Nullable [] secret) throws IOException {
        String violation = ObfuscationHeader.violation(random64);
        if (violation != null) {
            throw new IllegalArgumentException("obfuscation header randomness rejected: " + violation);
        }
        if (headerDcId < Short.MIN_VALUE || headerDcId > Short.MAX_VALUE) {
            throw new IllegalArgumentException("header dc id must fit int16, got " + headerDcId);
        }
        checkSecret(secret);
        byte[] header = random64.clone();
        int tag = framing.obfuscationTag();
        for (int i = 0; i < 4; i++) {
            header[ObfuscationHeader.TAG_OFFSET + i] = (byte) (tag >>> (8 * i));
        }
        header[ObfuscationHeader.DC_OFFSET] = (byte) headerDcId;
        header[ObfuscationHeader.DC_OFFSET + 1] = (byte) (headerDcId >> 8);

        AesCtr encrypt = forwardCipher(header, secret);
        AesCtr decrypt = reversedCipher(header, secret);
        byte[] encrypted = new byte[ObfuscationHeader.LENGTH];
        encrypt.apply(header, 0, ObfuscationHeader.LENGTH, encrypted, 0);
        System.arraycopy(encrypted, ObfuscationHeader.TAG_OFFSET, header, ObfuscationHeader.TAG_OFFSET, 8);
        below.write(header, 0, ObfuscationHeader.LENGTH);
        return new ObfuscatedWire(below, encrypt, decrypt, framing, headerDcId, secret == null ? -1 : 0);
    }

    /**
     * Server side: reads the 64-byte header from {@code below} and accepts it with the first
     * matching key (no secret, if {@code allowNoSecret}, then each secret in order).
     */
    public static ObfuscatedWire server(Wire below, List<byte[]> secrets, boolean allowNoSecret) throws IOException {
        byte[] header = new byte[ObfuscationHeader.LENGTH];
        below.readFully(header, 0, header.length);
        return server(below, header, secrets, allowNoSecret);
    }

    /**
     * Server side with the header already read (by protocol detection).
     *
     * @throws FrameException with {@link FrameException.Fault#UNKNOWN_TAG} at offset 0x38 when no key
     *     yields a known protocol tag
     */
    public static ObfuscatedWire server(Wire below, byte[] header, List<byte[]> secrets, boolean allowNoSecret)
            throws IOException {
        if (header.length != ObfuscationHeader.LENGTH) {
            throw new IllegalArgumentException("header must be 64 bytes, got " + header.length);
        }
        for (byte[] secret : secrets) {
            checkSecret(secret);
        }
        int tried = 0;
        for (int i = allowNoSecret ? -1 : 0; i < secrets.size(); i++) {
            byte @Nullable [] secret = i < 0 ? null : secrets.get(i);
            tried++;
            // the client's encrypt direction is our decrypt direction
            AesCtr decrypt = forwardCipher(header, secret);
            byte[] plain = new byte[ObfuscationHeader.LENGTH];
            decrypt.apply(header, 0, ObfuscationHeader.LENGTH, plain, 0);
            Framing framing = Framing.ofObfuscationTag(ObfuscationHeader.intLe(plain, ObfuscationHeader.TAG_OFFSET));
            if (framing != null) {
                int dc = (short) ((plain[ObfuscationHeader.DC_OFFSET] & 0xff)
                        | (plain[ObfuscationHeader.DC_OFFSET + 1] & 0xff) << 8);
                AesCtr encrypt = reversedCipher(header, secret);
                Arrays.fill(plain, (byte) 0);
                return new ObfuscatedWire(below, encrypt, decrypt, framing, dc, i);
            }
            Arrays.fill(plain, (byte) 0);
        }
        throw new FrameException(
                FrameException.Fault.UNKNOWN_TAG,
                ObfuscationHeader.TAG_OFFSET,
                "obfuscation header decrypts to no known protocol tag (expected ef/ee/dd x4) with any of " + tried
                        + " key candidate(s)");
    }

    /** The framing named by the header's protocol tag. */
    public Framing framing() {
        return framing;
    }

    /** The signed dc id from the header (test DCs +10000, media negative). */
    public int dcId() {
        return dcId;
    }

    /** Which secret matched (index into the list given to the server), or -1 for none. */
    public int secretIndex() {
        return secretIndex;
    }

    /**
     * Reads ciphertext from below into a scratch buffer and decrypts it into the caller's array or,
     * for small reads, into a read-ahead buffer served to the next reads. Decrypting never works in
     * place, which would make the JDK cipher copy its input.
     */
    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (plainPos < plainLimit) {
            int n = Math.min(len, plainLimit - plainPos);
            System.arraycopy(plain, plainPos, buf, off, n);
            plainPos += n;
            return n;
        }
        if (len >= CHUNK) {
            int n = below.read(raw, 0, CHUNK);
            if (n > 0) {
                decrypt.apply(raw, 0, n, buf, off);
            }
            return n;
        }
        int n = below.read(raw, 0, CHUNK);
        if (n <= 0) {
            return n;
        }
        decrypt.apply(raw, 0, n, plain, 0);
        int give = Math.min(len, n);
        System.arraycopy(plain, 0, buf, off, give);
        plainPos = give;
        plainLimit = n;
        return give;
    }

    /**
     * Collects plaintext and encrypts it in one cipher call per {@value #CHUNK} bytes or per flush;
     * whole chunks of a large write are encrypted straight from the caller's array.
     */
    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        while (len > 0) {
            if (pendingLen == 0 && len >= CHUNK) {
                encrypt.apply(buf, off, CHUNK, out, 0);
                below.write(out, 0, CHUNK);
                off += CHUNK;
                len -= CHUNK;
                continue;
            }
            int n = Math.min(len, CHUNK - pendingLen);
            System.arraycopy(buf, off, pending, pendingLen, n);
            pendingLen += n;
            off += n;
            len -= n;
            if (pendingLen == CHUNK) {
                push();
            }
        }
    }

    private void push() throws IOException {
        if (pendingLen > 0) {
            encrypt.apply(pending, 0, pendingLen, out, 0);
            int n = pendingLen;
            pendingLen = 0;
            below.write(out, 0, n);
        }
    }

    @Override
    public void flush() throws IOException {
        push();
        below.flush();
    }

    private static void checkSecret(byte @Nullable [] secret) {
        if (secret != null && secret.length != 16) {
            throw new IllegalArgumentException("MTProxy secret must be 16 bytes, got " + secret.length);
        }
    }

    private static AesCtr forwardCipher(byte[] header, byte @Nullable [] secret) {
        byte[] key = Arrays.copyOfRange(header, 8, 40);
        byte[] iv = Arrays.copyOfRange(header, 40, 56);
        return cipher(key, iv, secret);
    }

    private static AesCtr reversedCipher(byte[] header, byte @Nullable [] secret) {
        byte[] rev = new byte[48];
        for (int i = 0; i < 48; i++) {
            rev[i] = header[55 - i];
        }
        byte[] key = Arrays.copyOfRange(rev, 0, 32);
        byte[] iv = Arrays.copyOfRange(rev, 32, 48);
        Arrays.fill(rev, (byte) 0);
        return cipher(key, iv, secret);
    }

    private static AesCtr cipher(byte[] key, byte[] iv, byte @Nullable [] secret) {
        byte[] k = key;
        if (secret != null) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(key);
                sha.update(secret);
                k = sha.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable in this JDK", e);
            }
            Arrays.fill(key, (byte) 0);
        }
        AesCtr ctr = new AesCtr(k, iv);
        Arrays.fill(k, (byte) 0);
        return ctr;
    }
}
