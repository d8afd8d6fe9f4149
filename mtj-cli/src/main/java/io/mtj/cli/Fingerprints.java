package io.mtj.cli;

/** How RSA key fingerprints are shown: hex as clients log them, and signed decimal as TL carries them. */
final class Fingerprints {
    private Fingerprints() {}

    static String format(long fingerprint) {
        return String.format("0x%016x (%d)", fingerprint, fingerprint);
    }
}
