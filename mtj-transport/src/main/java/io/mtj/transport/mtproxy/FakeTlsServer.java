package io.mtj.transport.mtproxy;

import static io.mtj.transport.mtproxy.FakeTlsException.Reason.BAD_RECORD_TYPE;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.BAD_VERSION;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.MALFORMED_HELLO;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.OVERSIZED_RECORD;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.REPLAYED_HELLO;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.SNI_MISMATCH;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.STALE_TIMESTAMP;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.UNKNOWN_SECRET;

import io.mtj.transport.Wire;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The proxy side of the fake-TLS handshake, as the test DC plays an MTProxy: reads and checks a
 * ClientHello (structure, HMAC against each configured {@code ee} secret, SNI, time-stamp window,
 * replay), answers like MTProxy (ServerHello whose random is the HMAC, ChangeCipherSpec, one
 * application-data record of random bytes) and returns the record layer.
 *
 * <p>A refused hello closes the connection (real proxies may instead forward it to the domain) and
 * surfaces as a {@link FakeTlsException} whose {@link FakeTlsException#reason()} says why.
 *
 * <p>The caller sets the wire's read timeout before {@link #accept}, so a silent client cannot hold
 * the handshake open. One instance may serve many connections at once when its random generator is
 * thread-safe (the default {@link SecureRandom} is); the replay cache is shared by all of them.
 */
public final class FakeTlsServer {
    /** The window MTProxy itself uses by default. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

    private final List<MtProxySecret> secrets;
    private final InstantSource clock;
    private final Duration window;
    private final ReplayCache replays;
    private final RandomGenerator random;

    /**
     * The outcome of an accepted handshake.
     *
     * @param wire the TLS record layer carrying the client's obfuscated stream
     * @param secret the secret whose HMAC the client's hello carried
     * @param serverName the SNI the client sent, equal (ignoring case) to the secret's domain
     */
    public record Accepted(FakeTlsWire wire, MtProxySecret secret, String serverName) {}

    /**
     * Creates a server.
     *
     * @param secrets the secrets clients may prove; at least one, all fake-TLS; copied
     * @param clock the time a hello's time stamp is checked against
     * @param window how far a hello's time stamp may be from {@code clock}, either way
     * @param replays remembers accepted hello randoms so that a replayed hello is refused
     * @param random the source of the server's random fields
     * @throws IllegalArgumentException if there is no secret or one is not a fake-TLS secret
     */
    public FakeTlsServer(
            List<MtProxySecret> secrets,
            InstantSource clock,
            Duration window,
            ReplayCache replays,
            RandomGenerator random) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("fake-TLS server needs at least one secret");
        }
        for (MtProxySecret s : secrets) {
            if (s.kind() != MtProxySecret.Kind.FAKE_TLS) {
                throw new IllegalArgumentException("fake-TLS server secrets must be 0xee secrets, got " + s.kind());
            }
        }
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
        this.window = window;
        this.replays = replays;
        this.random = random;
    }

    /**
     * Creates a server with the system clock, {@link #DEFAULT_WINDOW}, a 65 536-entry replay cache and a
     * {@link SecureRandom}.
     *
     * @param secrets the secrets clients may prove; at least one, all fake-TLS
     * @return a new server
     * @throws IllegalArgumentException if there is no secret or one is not a fake-TLS secret
     */
    public static FakeTlsServer of(List<MtProxySecret> secrets) {
        return new FakeTlsServer(
                secrets,
                InstantSource.system(),
                DEFAULT_WINDOW,
                new ReplayCache(65_536, DEFAULT_WINDOW.multipliedBy(2)),
                new SecureRandom());
    }

    /**
     * Runs the handshake on {@code lower}; on refusal {@code lower} is closed and the reason thrown.
     *
     * @param lower the accepted wire, nothing read from it yet, its read timeout already set
     * @return the record layer, the matched secret and the SNI
     * @throws FakeTlsException if the hello is malformed, matches no secret, names another domain, is
     *     outside the time window or is a replay; {@link FakeTlsException#reason()} says which
     * @throws IOException if the wire fails or times out
     */
    public Accepted accept(Wire lower) throws IOException {
        try {
            byte[] hello = readHello(lower);
            ClientHelloInfo info = ClientHelloInfo.parse(hello);
            MtProxySecret secret = check(hello, info);
            byte[] answer = answer(secret, info);
            lower.write(answer, 0, answer.length);
            lower.flush();
            return new Accepted(new FakeTlsWire(lower, false), secret, Objects.requireNonNull(info.serverName()));
        } catch (IOException | RuntimeException e) {
            try {
                lower.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static byte[] readHello(Wire lower) throws IOException {
        byte[] head = new byte[TlsBytes.RECORD_HEADER];
        lower.readFully(head, 0, head.length);
        if ((head[0] & 0xff) != TlsBytes.HANDSHAKE) {
            throw new FakeTlsException(
                    BAD_RECORD_TYPE,
                    String.format("ClientHello: expected record type 0x16 at offset 0x0, got 0x%02x", head[0] & 0xff));
        }
        int version = TlsBytes.u16(head, 1);
        if (version != 0x0301 && version != 0x0303) {
            throw new FakeTlsException(
                    BAD_VERSION,
                    String.format("ClientHello: expected record version 0x0301 or 0x0303, got 0x%04x", version));
        }
        int length = TlsBytes.u16(head, 3);
        if (length > FakeTlsWire.MAX_INCOMING) {
            throw new FakeTlsException(
                    OVERSIZED_RECORD, "ClientHello record of " + length + " bytes exceeds " + FakeTlsWire.MAX_INCOMING);
        }
        if (length < 4 + 2 + TlsBytes.RANDOM_LENGTH + 1) {
            throw new FakeTlsException(MALFORMED_HELLO, "ClientHello record of " + length + " bytes is too short");
        }
        byte[] hello = Arrays.copyOf(head, TlsBytes.RECORD_HEADER + length);
        lower.readFully(hello, TlsBytes.RECORD_HEADER, length);
        return hello;
    }

    private MtProxySecret check(byte[] hello, ClientHelloInfo info) throws FakeTlsException {
        byte[] random = info.random();
        byte[] zeroed = TlsBytes.withZeroRandom(hello);
        MtProxySecret matched = null;
        long timestamp = 0;
        for (MtProxySecret s : secrets) {
            byte[] mac = TlsBytes.hmacSha256(s.keyRef(), zeroed);
            if (MessageDigest.isEqual(Arrays.copyOf(mac, 28), Arrays.copyOf(random, 28))) {
                matched = s;
                int t = ((random[28] ^ mac[28]) & 0xff)
                        | ((random[29] ^ mac[29]) & 0xff) << 8
                        | ((random[30] ^ mac[30]) & 0xff) << 16
                        | ((random[31] ^ mac[31]) & 0xff) << 24;
                timestamp = Integer.toUnsignedLong(t);
                break;
            }
        }
        if (matched == null) {
            throw new FakeTlsException(
                    UNKNOWN_SECRET, "fake-TLS ClientHello HMAC matches none of the " + secrets.size() + " secrets");
        }
        String sni = info.serverName();
        String domain = matched.domain().orElseThrow();
        if (!domain.equalsIgnoreCase(nullToEmpty(sni))) {
            throw new FakeTlsException(
                    SNI_MISMATCH,
                    "fake-TLS ClientHello SNI: expected " + domain + ", got " + (sni == null ? "none" : sni));
        }
        Instant now = clock.instant();
        long skew = timestamp - now.getEpochSecond();
        if (Math.abs(skew) > window.toSeconds()) {
            throw new FakeTlsException(
                    STALE_TIMESTAMP,
                    "fake-TLS ClientHello time stamp is " + skew + " s from now, allowed +-" + window.toSeconds()
                            + " s");
        }
        if (!replays.firstSeen(random, now)) {
            throw new FakeTlsException(REPLAYED_HELLO, "fake-TLS ClientHello random was already used (replay)");
        }
        return matched;
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    private byte[] answer(MtProxySecret secret, ClientHelloInfo info) {
        byte[] sessionId = info.sessionId();
        byte[] keyShare = TlsBytes.x25519PublicKey(random);
        FakeTlsClientHello.Out ext = new FakeTlsClientHello.Out();
        byte[] keyShareExt = new FakeTlsClientHello.Out()
                .u16(0x0033)
                .u16(36)
                .u16(0x001d)
                .u16(32)
                .bytes(keyShare)
                .toArray();
        byte[] versionsExt =
                new FakeTlsClientHello.Out().u16(0x002b).u16(2).u16(0x0304).toArray();
        if (random.nextBoolean()) {
            ext.bytes(keyShareExt).bytes(versionsExt);
        } else {
            ext.bytes(versionsExt).bytes(keyShareExt);
        }
        FakeTlsClientHello.Out body = new FakeTlsClientHello.Out();
        body.u16(0x0303)
                .bytes(new byte[TlsBytes.RANDOM_LENGTH])
                .u8(sessionId.length)
                .bytes(sessionId);
        body.u16(0x1301).u8(0).u16(ext.size()).bytes(ext.toArray());
        int dataLength = 1024 + random.nextInt(3072);
        byte[] data = new byte[dataLength];
        random.nextBytes(data);
        FakeTlsClientHello.Out out = new FakeTlsClientHello.Out();
        out.u8(TlsBytes.HANDSHAKE).u16(0x0303).u16(body.size() + 4);
        out.u8(2).u8(0).u16(body.size()).bytes(body.toArray());
        out.u8(TlsBytes.CHANGE_CIPHER_SPEC).u16(0x0303).u16(1).u8(1);
        out.u8(TlsBytes.APPLICATION_DATA).u16(0x0303).u16(dataLength).bytes(data);
        byte[] answer = out.toArray();
        byte[] mac = TlsBytes.hmacSha256(secret.keyRef(), info.random(), answer);
        System.arraycopy(mac, 0, answer, TlsBytes.RANDOM_OFFSET, TlsBytes.RANDOM_LENGTH);
        return answer;
    }
}
