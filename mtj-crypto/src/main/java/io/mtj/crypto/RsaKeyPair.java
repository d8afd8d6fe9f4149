package io.mtj.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * An RSA key pair for the server side (the local test DC): generation and raw private-key
 * decryption. The private key never leaves this object except through {@link #privateKey()}.
 */
public final class RsaKeyPair {
    private final RsaPublicKey publicKey;
    private final RSAPrivateKey privateKey;

    public RsaKeyPair(RsaPublicKey publicKey, RSAPrivateKey privateKey) {
        if (!publicKey.modulus().equals(privateKey.getModulus())) {
            throw new IllegalArgumentException("public and private key moduli differ");
        }
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A fresh RSA-2048 key pair with exponent 65537. */
    public static RsaKeyPair generate2048() {
        return generate2048(new SecureRandom());
    }

    /** A fresh RSA-2048 key pair with exponent 65537, drawing on {@code random}. */
    public static RsaKeyPair generate2048(SecureRandom random) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
            KeyPair kp = gen.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
            return new RsaKeyPair(
                    new RsaPublicKey(pub.getModulus(), pub.getPublicExponent()), (RSAPrivateKey) kp.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable in this JDK", e);
        }
    }

    /**
     * Reads a PKCS#8 {@code BEGIN PRIVATE KEY} PEM block holding an RSA CRT private key (as written by
     * {@link #toPrivatePem()} or {@code openssl genpkey -algorithm RSA}), so a test DC can keep one key.
     */
    public static RsaKeyPair fromPrivatePem(String pem) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new KeyFormatException("PEM: no '" + begin + "' ... '" + end + "' block found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new KeyFormatException("PEM: the PRIVATE KEY block is not valid base64: " + ex.getMessage());
        }
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateCrtKey crt) {
                return new RsaKeyPair(new RsaPublicKey(crt.getModulus(), crt.getPublicExponent()), crt);
            }
            throw new KeyFormatException("PEM: the PRIVATE KEY is not an RSA CRT key");
        } catch (GeneralSecurityException ex) {
            throw new KeyFormatException("PEM: the PRIVATE KEY block is not a PKCS#8 RSA key: " + ex.getMessage());
        }
    }

    /** The private key as a PKCS#8 {@code BEGIN PRIVATE KEY} PEM block. Secret: never log it. */
    public String toPrivatePem() {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    public RsaPublicKey publicKey() {
        return publicKey;
    }

    public RSAPrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Raw RSA with the private key: the ciphertext (big-endian, at most the modulus length) must be
     * below the modulus; the result has exactly the modulus length.
     */
    public byte[] decryptRaw(byte[] ciphertext) throws SecurityCheckException {
        int k = publicKey.byteLength();
        if (ciphertext.length == 0 || ciphertext.length > k) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.RSA_VALUE,
                    "RSA ciphertext is " + ciphertext.length + " bytes, expected 1.." + k);
        }
        if (new BigInteger(1, ciphertext).compareTo(publicKey.modulus()) >= 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.RSA_VALUE, "RSA ciphertext is not below the modulus");
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
            rsa.init(Cipher.DECRYPT_MODE, privateKey);
            byte[] m = rsa.doFinal(ciphertext);
            return RsaPublicKey.toFixed(new BigInteger(1, m), k);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA/ECB/NoPadding failed", e);
        }
    }
}
