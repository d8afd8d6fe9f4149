package io.mtj.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An RSA public key as MTProto uses it: modulus {@code n}, exponent {@code e}, and the key
 * fingerprint (the lower 64 bits of SHA-1 over the TL serialisation of {@code rsa_public_key
 * n:string e:string}, read little-endian as TL reads a long).
 *
 * <p>PEM input may be PKCS#1 ({@code BEGIN RSA PUBLIC KEY}) or X.509 SubjectPublicKeyInfo ({@code
 * BEGIN PUBLIC KEY}); the DER inside is parsed here, not by the JDK.
 */
public record RsaPublicKey(BigInteger modulus, BigInteger exponent) {
    private static final String PKCS1 = "RSA PUBLIC KEY";
    private static final String SPKI = "PUBLIC KEY";
    /** 1.2.840.113549.1.1.1, rsaEncryption. */
    private static final byte[] RSA_ENCRYPTION_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1};

    public RsaPublicKey {
        if (modulus.signum() <= 0 || !modulus.testBit(0)) {
            throw new KeyFormatException("RSA modulus must be a positive odd number");
        }
        if (exponent.signum() <= 0 || exponent.compareTo(modulus) >= 0) {
            throw new KeyFormatException("RSA exponent must be between 1 and the modulus");
        }
    }

    /** Reads the first key of a PEM text (either PKCS#1 or X.509 SPKI). */
    public static RsaPublicKey fromPem(String pem) {
        List<RsaPublicKey> keys = allFromPem(pem);
        if (keys.isEmpty()) {
            throw new KeyFormatException(
                    "no '-----BEGIN RSA PUBLIC KEY-----' or '-----BEGIN PUBLIC KEY-----' block found");
        }
        return keys.get(0);
    }

    /** Reads every public key block of a PEM text, in order. */
    public static List<RsaPublicKey> allFromPem(String pem) {
        List<RsaPublicKey> keys = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = pem.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return keys;
            }
            int labelEnd = pem.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new KeyFormatException("PEM: unterminated BEGIN line at character " + begin);
            }
            String label = pem.substring(begin + 11, labelEnd);
            String endLine = "-----END " + label + "-----";
            int end = pem.indexOf(endLine, labelEnd);
            if (end < 0) {
                throw new KeyFormatException("PEM: '" + endLine + "' missing");
            }
            String body = pem.substring(labelEnd + 5, end);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new KeyFormatException("PEM: the " + label + " block is not valid base64: " + e.getMessage());
            }
            if (label.equals(PKCS1)) {
                keys.add(fromPkcs1Der(der));
            } else if (label.equals(SPKI)) {
                keys.add(fromSpkiDer(der));
            } else {
                throw new KeyFormatException(
                        "PEM: expected 'RSA PUBLIC KEY' or 'PUBLIC KEY' block, got '" + label + "'");
            }
            from = end + endLine.length();
        }
    }

    /** Reads a DER PKCS#1 {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }}. */
    public static RsaPublicKey fromPkcs1Der(byte[] der) {
        Der top = new Der(der);
        Der seq = top.enter(Der.SEQUENCE);
        top.expectEnd("RSAPublicKey");
        BigInteger n = seq.readPositiveInteger("modulus");
        BigInteger e = seq.readPositiveInteger("publicExponent");
        seq.expectEnd("publicExponent");
        return new RsaPublicKey(n, e);
    }

    /** Reads a DER X.509 SubjectPublicKeyInfo holding an rsaEncryption key. */
    public static RsaPublicKey fromSpkiDer(byte[] der) {
        Der top = new Der(der);
        Der spki = top.enter(Der.SEQUENCE);
        top.expectEnd("SubjectPublicKeyInfo");
        Der algorithm = spki.enter(Der.SEQUENCE);
        byte[] oid = algorithm.read(Der.OID);
        if (!Arrays.equals(oid, RSA_ENCRYPTION_OID)) {
            throw new KeyFormatException("SubjectPublicKeyInfo: algorithm OID is " + Der.hex(oid)
                    + ", expected rsaEncryption " + Der.hex(RSA_ENCRYPTION_OID));
        }
        if (algorithm.hasMore()) {
            algorithm.read(Der.NULL);
        }
        algorithm.expectEnd("AlgorithmIdentifier");
        byte[] bits = spki.read(Der.BIT_STRING);
        spki.expectEnd("subjectPublicKey");
        if (bits.length < 1 || bits[0] != 0) {
            throw new KeyFormatException(
                    "SubjectPublicKeyInfo: subjectPublicKey BIT STRING must start with 0 unused bits");
        }
        return fromPkcs1Der(Arrays.copyOfRange(bits, 1, bits.length));
    }

    /** The DER PKCS#1 encoding. */
    public byte[] toPkcs1Der() {
        return Der.sequence(Der.integer(modulus), Der.integer(exponent));
    }

    /** PEM text of the PKCS#1 encoding ({@code BEGIN RSA PUBLIC KEY}), lines of 64 characters. */
    public String toPem() {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(toPkcs1Der());
        return "-----BEGIN " + PKCS1 + "-----\n" + b64 + "\n-----END " + PKCS1 + "-----\n";
    }

    /** Length of the modulus in bytes (256 for the 2048-bit keys MTProto uses). */
    public int byteLength() {
        return (modulus.bitLength() + 7) / 8;
    }

    /** The MTProto key fingerprint. */
    public long fingerprint() {
        ByteArrayOutputStream tl = new ByteArrayOutputStream();
        writeTlBytes(tl, unsigned(modulus));
        writeTlBytes(tl, unsigned(exponent));
        byte[] sha = Digests.sha1(tl.toByteArray());
        return ByteBuffer.wrap(sha, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * Raw RSA: {@code value^e mod n} where {@code value} is the big-endian unsigned number in {@code
     * data}; the result is {@link #byteLength()} bytes, big-endian, zero-padded on the left.
     *
     * @throws IllegalArgumentException if the value is not below the modulus
     */
    public byte[] encryptRaw(byte[] data) {
        BigInteger m = new BigInteger(1, data);
        if (m.compareTo(modulus) >= 0) {
            throw new IllegalArgumentException("RSA input is not below the modulus");
        }
        return toFixed(m.modPow(exponent, modulus), byteLength());
    }

    /** The TL {@code bytes} serialisation: length prefix, data, zero padding to a multiple of 4. */
    static void writeTlBytes(ByteArrayOutputStream out, byte[] data) {
        int n = data.length;
        int header;
        if (n <= 253) {
            out.write(n);
            header = 1;
        } else {
            out.write(254);
            out.write(n);
            out.write(n >>> 8);
            out.write(n >>> 16);
            header = 4;
        }
        out.writeBytes(data);
        int pad = (4 - (header + n) % 4) % 4;
        for (int i = 0; i < pad; i++) {
            out.write(0);
        }
    }

    /** Big-endian magnitude without a sign byte. */
    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            return Arrays.copyOfRange(b, 1, b.length);
        }
        return b;
    }

    /** {@code v} as exactly {@code len} big-endian bytes; {@code v} must fit. */
    static byte[] toFixed(BigInteger v, int len) {
        byte[] b = unsigned(v);
        if (b.length > len) {
            throw new IllegalArgumentException("value needs " + b.length + " bytes, more than " + len);
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }
}
