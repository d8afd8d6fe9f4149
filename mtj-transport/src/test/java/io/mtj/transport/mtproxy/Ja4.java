package io.mtj.transport.mtproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * FoxIO's JA4 TLS client fingerprint (technical_details/JA4.md), computed from a ClientHello record
 * by a walk of its own: "t", the highest version in supported_versions, "d" when SNI is present,
 * the counts of cipher suites and extensions (GREASE ignored), the first and last characters of
 * the first ALPN value; then the truncated SHA-256 of the sorted suites, and of the sorted
 * extensions (SNI and ALPN left out) followed by "_" and the signature algorithms in wire order.
 */
final class Ja4 {
    final List<Integer> suites = new ArrayList<>();
    final List<Integer> extensions = new ArrayList<>();
    final List<Integer> signatureAlgorithms = new ArrayList<>();
    int version;
    boolean sni;
    String alpn = "00";

    private Ja4() {}

    static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >>> 12) == ((v >>> 4) & 0x0f);
    }

    static Ja4 of(byte[] hello) {
        Ja4 j = new Ja4();
        j.version = u16(hello, 9);
        int p = 43;
        p += 1 + (hello[p] & 0xff);
        int suitesEnd = p + 2 + u16(hello, p);
        for (p += 2; p < suitesEnd; p += 2) {
            if (!isGrease(u16(hello, p))) {
                j.suites.add(u16(hello, p));
            }
        }
        p += 1 + (hello[p] & 0xff);
        int end = p + 2 + u16(hello, p);
        for (p += 2; p < end; ) {
            int type = u16(hello, p);
            int len = u16(hello, p + 2);
            int body = p + 4;
            p = body + len;
            if (isGrease(type)) {
                continue;
            }
            j.extensions.add(type);
            switch (type) {
                case 0x0000 -> j.sni = true;
                case 0x002b -> {
                    for (int q = body + 1; q < p; q += 2) {
                        int v = u16(hello, q);
                        if (!isGrease(v)) {
                            j.version = Math.max(j.version, v);
                        }
                    }
                }
                case 0x0010 -> {
                    int n = hello[body + 2] & 0xff;
                    String first = new String(hello, body + 3, n, StandardCharsets.US_ASCII);
                    j.alpn = "" + first.charAt(0) + first.charAt(n - 1);
                }
                case 0x000d -> {
                    for (int q = body + 2; q < p; q += 2) {
                        j.signatureAlgorithms.add(u16(hello, q));
                    }
                }
                default -> {}
            }
        }
        return j;
    }

    /** The JA4_r form: the lists before hashing. */
    String raw() {
        return prefix() + "_" + hexList(sorted(suites)) + "_" + extensionString();
    }

    String fingerprint() {
        return prefix() + "_" + sha12(hexList(sorted(suites))) + "_" + sha12(extensionString());
    }

    private String prefix() {
        String v =
                switch (version) {
                    case 0x0304 -> "13";
                    case 0x0303 -> "12";
                    default -> "00";
                };
        return String.format("t%s%s%02d%02d%s", v, sni ? "d" : "i", suites.size(), extensions.size(), alpn);
    }

    private String extensionString() {
        List<Integer> hashed = new ArrayList<>(extensions);
        hashed.removeIf(t -> t == 0x0000 || t == 0x0010);
        return hexList(sorted(hashed)) + "_" + hexList(signatureAlgorithms);
    }

    private static List<Integer> sorted(List<Integer> l) {
        return l.stream().sorted().toList();
    }

    private static String hexList(List<Integer> l) {
        return l.stream().map(v -> String.format("%04x", v)).collect(Collectors.joining(","));
    }

    private static String sha12(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
