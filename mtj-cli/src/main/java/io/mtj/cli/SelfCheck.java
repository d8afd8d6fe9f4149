package io.mtj.cli;

import io.mtj.crypto.AesIge;
import io.mtj.crypto.Digests;
import io.mtj.crypto.PqFactorizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Known-answer checks of the crypto primitives through mtj-crypto's API, so {@code mtj version}
 * shows whether this JDK and build compute what MTProto needs.
 */
final class SelfCheck {
    private static final HexFormat HEX = HexFormat.of();

    /** One check: its name, and "ok" or what went wrong. */
    record Result(String name, String outcome) {
        boolean passed() {
            return outcome.equals("ok");
        }
    }

    private SelfCheck() {}

    static List<Result> run() {
        List<Result> results = new ArrayList<>();
        // The IGE vectors published with OpenSSL's AES-IGE implementation (AES-128 key).
        results.add(check(
                "AES-IGE encrypt (known answer)",
                () -> AesIge.encrypt(
                        HEX.parseHex("000102030405060708090a0b0c0d0e0f"),
                        HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                        new byte[32]),
                "1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb"));
        results.add(check(
                "AES-IGE decrypt (known answer)",
                () -> AesIge.decrypt(
                        HEX.parseHex("5468697320697320616e20696d706c65"),
                        HEX.parseHex("6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353"),
                        HEX.parseHex("4c2e204c6574277320686f70652042656e20676f74206974207269676874210a")),
                "99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b"));
        // MTProto keys are 256 bits: the JDK must accept them, and decrypt must undo encrypt
        byte[] key256 = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] iv = HEX.parseHex("0f0e0d0c0b0a090807060504030201001f1e1d1c1b1a19181716151413121110");
        byte[] plain = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        results.add(check(
                "AES-256-IGE round trip",
                () -> AesIge.decrypt(key256, iv, AesIge.encrypt(key256, iv, plain)),
                HEX.formatHex(plain)));
        results.add(check(
                "SHA-256 (known answer)",
                () -> Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII)),
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        results.add(check(
                "SHA-1 (known answer)",
                () -> Digests.sha1("abc".getBytes(StandardCharsets.US_ASCII)),
                "a9993e364706816aba3e25717850c26c9cd0d89d"));
        // pq from the key exchange sample on core.telegram.org
        results.add(check(
                "pq factorisation (known answer)",
                () -> {
                    PqFactorizer.Factors f = PqFactorizer.factor(0x17ED48941A08F981L);
                    return HEX.parseHex(String.format("%016x%016x", f.p(), f.q()));
                },
                String.format("%016x%016x", 0x494C553BL, 0x53911073L)));
        return results;
    }

    @FunctionalInterface
    private interface Computation {
        byte[] compute() throws Exception;
    }

    private static Result check(String name, Computation computation, String expectedHex) {
        try {
            byte[] actual = computation.compute();
            byte[] expected = HEX.parseHex(expectedHex);
            if (Arrays.equals(actual, expected)) {
                return new Result(name, "ok");
            }
            return new Result(name, "failed: expected " + expectedHex + ", got " + HEX.formatHex(actual));
        } catch (Exception | LinkageError e) {
            return new Result(name, "failed: " + e);
        }
    }
}
