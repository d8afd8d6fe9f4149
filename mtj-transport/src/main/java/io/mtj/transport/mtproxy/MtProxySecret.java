package io.mtj.transport.mtproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An MTProxy secret: 16 key bytes, optionally preceded by a mode byte ({@code 0xdd}: padded
 * intermediate framing; {@code 0xee}: fake TLS, followed by the domain sent as SNI).
 *
 * <p>{@link #toString()} never shows the key.
 */
public final class MtProxySecret {
    /** Length of the key part. */
    public static final int KEY_LENGTH = 16;

    /** Longest domain accepted in an {@code ee} secret (a DNS name). */
    public static final int MAX_DOMAIN_LENGTH = 253;

    private static final int PADDED_PREFIX = 0xdd;
    private static final int FAKE_TLS_PREFIX = 0xee;

    /** What the proxy expects on the wire. */
    public enum Kind {
        /** 16 bytes: obfuscated2 keyed with the secret, any framing. */
        PLAIN,
        /** {@code dd} + 16 bytes: obfuscated2 with padded intermediate framing. */
        PADDED,
        /** {@code ee} + 16 bytes + domain: fake-TLS records around obfuscated2. */
        FAKE_TLS
    }

    private final Kind kind;
    private final byte[] key;
    private final @Nullable String domain;

    private MtProxySecret(Kind kind, byte[] key, @Nullable String domain) {
        this.kind = kind;
        this.key = key;
        this.domain = domain;
    }

    /**
     * Creates a plain secret: obfuscated2 keyed with {@code key}, any framing.
     *
     * @param key the 16 key bytes; copied
     * @return the secret
     * @throws MtProxyFormatException if the key is not 16 bytes
     */
    public static MtProxySecret plain(byte[] key) {
        return new MtProxySecret(Kind.PLAIN, checkKey(key), null);
    }

    /**
     * Creates a {@code dd} secret: obfuscated2 with padded intermediate framing.
     *
     * @param key the 16 key bytes; copied
     * @return the secret
     * @throws MtProxyFormatException if the key is not 16 bytes
     */
    public static MtProxySecret padded(byte[] key) {
        return new MtProxySecret(Kind.PADDED, checkKey(key), null);
    }

    /**
     * Creates an {@code ee} secret: fake-TLS records around obfuscated2, {@code domain} sent as SNI.
     *
     * @param key the 16 key bytes; copied
     * @param domain the domain to present, 1 to {@value #MAX_DOMAIN_LENGTH} printable ASCII characters
     * @return the secret
     * @throws MtProxyFormatException if the key is not 16 bytes or the domain is empty, too long or not
     *     printable ASCII
     */
    public static MtProxySecret fakeTls(byte[] key, String domain) {
        return new MtProxySecret(Kind.FAKE_TLS, checkKey(key), checkDomain(domain));
    }

    /**
     * Parses a secret written in hex, base64 or base64url (padding optional), as found in proxy
     * links and proxy configurations.
     *
     * @param text the secret as written; surrounding white space is ignored
     * @return the secret, its kind taken from the prefix byte
     * @throws MtProxyFormatException naming what is wrong (never the secret itself)
     */
    public static MtProxySecret parse(String text) {
        return fromBytes(decode(text.strip()));
    }

    /**
     * Interprets raw secret bytes: 16 bytes, {@code dd} + 16, or {@code ee} + 16 + domain.
     *
     * @param raw the decoded secret; not kept
     * @return the secret
     * @throws MtProxyFormatException if the length or prefix byte fits none of the three forms, or the
     *     domain is invalid
     */
    public static MtProxySecret fromBytes(byte[] raw) {
        if (raw.length < KEY_LENGTH) {
            throw new MtProxyFormatException(
                    "secret", "too short: expected at least " + KEY_LENGTH + " bytes, got " + raw.length);
        }
        if (raw.length == KEY_LENGTH) {
            return plain(raw.clone());
        }
        int prefix = raw[0] & 0xff;
        if (prefix == PADDED_PREFIX) {
            if (raw.length != KEY_LENGTH + 1) {
                throw new MtProxyFormatException(
                        "secret",
                        "prefix 0xdd must be followed by exactly " + KEY_LENGTH + " bytes, got " + (raw.length - 1));
            }
            return padded(Arrays.copyOfRange(raw, 1, 1 + KEY_LENGTH));
        }
        if (prefix == FAKE_TLS_PREFIX) {
            if (raw.length < KEY_LENGTH + 2) {
                throw new MtProxyFormatException(
                        "secret",
                        "prefix 0xee must be followed by " + KEY_LENGTH + " bytes and a domain, got " + (raw.length - 1)
                                + " bytes");
            }
            String domain = new String(raw, 1 + KEY_LENGTH, raw.length - 1 - KEY_LENGTH, StandardCharsets.ISO_8859_1);
            return fakeTls(Arrays.copyOfRange(raw, 1, 1 + KEY_LENGTH), domain);
        }
        throw new MtProxyFormatException(
                "secret",
                String.format(
                        "unknown prefix byte 0x%02x in a %d-byte secret (expected %d bytes, 0xdd + %d, or 0xee + %d + domain)",
                        prefix, raw.length, KEY_LENGTH, KEY_LENGTH, KEY_LENGTH));
    }

    private static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw new MtProxyFormatException("secret", "is empty");
        }
        if (text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '/'
                    || c == '-'
                    || c == '_'
                    || c == '=';
            if (!ok) {
                throw new MtProxyFormatException(
                        "secret", "not hex or base64: unexpected character at index " + i + " of " + text.length());
            }
        }
        String url = text.replace('+', '-').replace('/', '_');
        try {
            return Base64.getUrlDecoder().decode(url);
        } catch (IllegalArgumentException e) {
            throw new MtProxyFormatException(
                    "secret", "not hex or base64: malformed base64 of " + text.length() + " characters");
        }
    }

    private static byte[] checkKey(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new MtProxyFormatException("secret", "key must be " + KEY_LENGTH + " bytes, got " + key.length);
        }
        return key.clone();
    }

    private static String checkDomain(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN_LENGTH) {
            throw new MtProxyFormatException(
                    "secret", "fake-TLS domain must be 1.." + MAX_DOMAIN_LENGTH + " bytes, got " + domain.length());
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new MtProxyFormatException(
                        "secret",
                        String.format(
                                "fake-TLS domain has a non-printable or non-ASCII byte 0x%02x at index %d",
                                (int) c, i));
            }
        }
        return domain;
    }

    /**
     * Tells what the proxy expects on the wire.
     *
     * @return the kind, never null
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Gives the key bytes that obfuscation (and the fake-TLS HMAC) is keyed with.
     *
     * @return a fresh copy of the 16 key bytes
     */
    public byte[] key() {
        return key.clone();
    }

    /**
     * Gives the SNI domain of a fake-TLS secret.
     *
     * @return the domain, or empty for plain and padded secrets
     */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /**
     * Encodes the secret as it appears on the wire and in links: prefix byte, key, domain.
     *
     * @return a new array; {@link #fromBytes(byte[])} reads it back
     */
    public byte[] encoded() {
        return switch (kind) {
            case PLAIN -> key.clone();
            case PADDED -> {
                byte[] out = new byte[1 + KEY_LENGTH];
                out[0] = (byte) PADDED_PREFIX;
                System.arraycopy(key, 0, out, 1, KEY_LENGTH);
                yield out;
            }
            case FAKE_TLS -> {
                byte[] name = domainBytes();
                byte[] out = new byte[1 + KEY_LENGTH + name.length];
                out[0] = (byte) FAKE_TLS_PREFIX;
                System.arraycopy(key, 0, out, 1, KEY_LENGTH);
                System.arraycopy(name, 0, out, 1 + KEY_LENGTH, name.length);
                yield out;
            }
        };
    }

    byte[] domainBytes() {
        return domain == null ? new byte[0] : domain.getBytes(StandardCharsets.ISO_8859_1);
    }

    byte[] keyRef() {
        return key;
    }

    /**
     * Formats the secret as lower-case hex of {@link #encoded()}, the form most proxy links use.
     *
     * @return the hex text, which contains the key
     */
    public String toHex() {
        return HexFormat.of().formatHex(encoded());
    }

    /**
     * Formats the secret as unpadded base64url of {@link #encoded()}.
     *
     * @return the base64url text, which contains the key
     */
    public String toBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encoded());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MtProxySecret other
                && kind == other.kind
                && MessageDigest.isEqual(key, other.key)
                && java.util.Objects.equals(domain, other.domain);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + java.util.Objects.hashCode(domain);
    }

    @Override
    public String toString() {
        return domain == null
                ? "MtProxySecret[" + kind + ", key=<redacted>]"
                : "MtProxySecret[" + kind + ", domain=" + domain + ", key=<redacted>]";
    }
}
