package io.mtj.crypto;

import java.util.HexFormat;

/** Test helper: hex text (whitespace ignored) to bytes and back. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Bytes 0, 1, 2, ... n-1 (mod 256). */
    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
