package io.mtj.core.bootstrap;

import static io.mtj.core.bootstrap.SimpleConfigException.Reason.BASE64;
import static io.mtj.core.bootstrap.SimpleConfigException.Reason.CONTENT;
import static io.mtj.core.bootstrap.SimpleConfigException.Reason.HASH;
import static io.mtj.core.bootstrap.SimpleConfigException.Reason.LENGTH;
import static io.mtj.core.bootstrap.SimpleConfigException.Reason.RSA;

import io.mtj.api.mtproto.HelpConfigSimple;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Telegram's "simple config": a {@code help.configSimple} (DC addresses by access rule) published as 344 base64
 * characters, for clients that can reach no DC at all. The 256 bytes are an RSA block under Telegram's key (raw
 * RSA, {@code c^e mod n}); its first 32 bytes are an AES-256 key whose last 16 are also the IV, the other 224 are
 * AES-CBC: a 4-byte little-endian length, the boxed object, padding, and the first 16 bytes of SHA-256 over the
 * first 208. {@link #decode} checks every step; {@link #encode} makes such a text with a private key, for tests
 * and test servers.
 */
public final class SimpleConfigCodec {
    /**
     * The key Telegram signs simple configs with (a fact every client ships; tdlib's ConfigManager.cpp has it).
     */
    public static final RsaPublicKey TELEGRAM_KEY = RsaPublicKey.fromPem("-----BEGIN RSA PUBLIC KEY-----\n"
            + "MIIBCgKCAQEAyr+18Rex2ohtVy8sroGP\n"
            + "BwXD3DOoKCSpjDqYoXgCqB7ioln4eDCFfOBUlfXUEvM/fnKCpF46VkAftlb4VuPD\n"
            + "eQSS/ZxZYEGqHaywlroVnXHIjgqoxiAd192xRGreuXIaUKmkwlM9JID9WS2jUsTp\n"
            + "zQ91L8MEPLJ/4zrBwZua8W5fECwCCh2c9G5IzzBm+otMS/YKwmR1olzRCyEkyAEj\n"
            + "XWqBI9Ftv5eG8m0VkBzOG655WIYdyV0HfDK/NWcvGqa0w/nriMD6mDjKOryamw0O\n"
            + "P9QuYgMN0C9xMW9y8SmP4h92OAWodTYgY1hZCxdv6cs5UnW9+PWvS+WIbkh+GaWY\n"
            + "xwIDAQAB\n"
            + "-----END RSA PUBLIC KEY-----\n");

    private static final int BASE64_LENGTH = 344;
    private static final int BLOCK = 256;
    private static final int DATA = 224;
    private static final int HASHED = 208;

    private SimpleConfigCodec() {}

    /**
     * Decodes and verifies {@code text} (whitespace and other non-base64 characters are ignored).
     *
     * @param text the published text
     * @param key the key the config must verify under
     * @return the config
     * @throws SimpleConfigException naming the step that failed (length, base64, RSA, hash, content)
     */
    public static HelpConfigSimple decode(String text, RsaPublicKey key) throws SimpleConfigException {
        if (text.length() < BASE64_LENGTH || text.length() > 1024) {
            throw new SimpleConfigException(
                    LENGTH, "simple config: expected 344..1024 characters, got " + text.length());
        }
        StringBuilder filtered = new StringBuilder(BASE64_LENGTH);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '/'
                    || c == '=') {
                filtered.append(c);
            }
        }
        if (filtered.length() != BASE64_LENGTH) {
            throw new SimpleConfigException(
                    LENGTH, "simple config: expected 344 base64 characters, got " + filtered.length());
        }
        byte[] block;
        try {
            block = Base64.getDecoder().decode(filtered.toString());
        } catch (IllegalArgumentException e) {
            throw new SimpleConfigException(BASE64, "simple config: bad base64: " + e.getMessage(), e);
        }
        if (block.length != BLOCK) {
            throw new SimpleConfigException(BASE64, "simple config: expected 256 bytes, got " + block.length);
        }
        byte[] plain;
        try {
            plain = key.encryptRaw(block);
        } catch (IllegalArgumentException e) {
            throw new SimpleConfigException(RSA, "simple config: the RSA block is not below the key's modulus", e);
        }
        byte[] data = aes(Cipher.DECRYPT_MODE, plain, Arrays.copyOfRange(plain, 32, BLOCK));
        byte[] hash = sha256(Arrays.copyOf(data, HASHED));
        if (!MessageDigest.isEqual(Arrays.copyOf(hash, 16), Arrays.copyOfRange(data, HASHED, DATA))) {
            throw new SimpleConfigException(
                    HASH, "simple config: SHA-256 check failed (not signed with this key, or damaged)");
        }
        int length = (data[0] & 0xff) | (data[1] & 0xff) << 8 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 24;
        if (length < 8 || length > HASHED) {
            throw new SimpleConfigException(CONTENT, "simple config: data length " + length + " is outside 8..208");
        }
        TlReader in = new TlReader(data, 4, length - 4);
        try {
            int id = in.readInt();
            if (id != HelpConfigSimple.ID) {
                throw new SimpleConfigException(
                        CONTENT,
                        String.format(
                                "simple config: expected help.configSimple#%08x, got constructor %08x",
                                HelpConfigSimple.ID, id));
            }
            HelpConfigSimple config = HelpConfigSimple.readBody(in);
            in.expectEnd();
            return config;
        } catch (TlDecodeException e) {
            throw new SimpleConfigException(CONTENT, "simple config: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes {@code config} as {@link #decode} reads it, signed with {@code key} (tests, test servers).
     *
     * @param config the config to publish
     * @param key the private half of the key clients verify with
     * @param random the source of the padding
     * @return the text to publish (344 base64 characters)
     */
    public static String encode(HelpConfigSimple config, RSAPrivateKey key, RandomGenerator random) {
        byte[] boxed = TlWriter.serialize(config);
        if (boxed.length + 4 > HASHED) {
            throw new IllegalArgumentException(
                    "simple config of " + boxed.length + " bytes does not fit the 204 bytes available");
        }
        byte[] data = new byte[DATA];
        random.nextBytes(data);
        int length = boxed.length + 4;
        data[0] = (byte) length;
        data[1] = (byte) (length >>> 8);
        data[2] = 0;
        data[3] = 0;
        System.arraycopy(boxed, 0, data, 4, boxed.length);
        System.arraycopy(sha256(Arrays.copyOf(data, HASHED)), 0, data, HASHED, 16);
        BigInteger n = key.getModulus();
        byte[] plain = new byte[BLOCK];
        do {
            random.nextBytes(plain);
            plain[0] &= 0x3f; // below any 2048-bit modulus
        } while (new BigInteger(1, plain).compareTo(n) >= 0);
        byte[] encrypted = aes(Cipher.ENCRYPT_MODE, plain, data);
        System.arraycopy(encrypted, 0, plain, 32, DATA);
        byte[] block =
                new BigInteger(1, plain).modPow(key.getPrivateExponent(), n).toByteArray();
        byte[] fixed = new byte[BLOCK];
        int copy = Math.min(block.length, BLOCK);
        System.arraycopy(block, block.length - copy, fixed, BLOCK - copy, copy);
        return Base64.getEncoder().encodeToString(fixed);
    }

    /** AES-256-CBC with the key in {@code head[0..32)} and the IV in {@code head[16..32)}, no padding. */
    private static byte[] aes(int mode, byte[] head, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(
                    mode,
                    new SecretKeySpec(Arrays.copyOf(head, 32), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(head, 16, 32)));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/NoPadding unavailable in this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JDK", e);
        }
    }
}
