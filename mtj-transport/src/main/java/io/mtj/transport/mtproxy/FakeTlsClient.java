package io.mtj.transport.mtproxy;

import static io.mtj.transport.mtproxy.FakeTlsException.Reason.BAD_RECORD_TYPE;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.BAD_VERSION;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.MALFORMED_HELLO;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.OVERSIZED_RECORD;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.SERVER_HMAC_MISMATCH;

import io.mtj.transport.Endpoint;
import io.mtj.transport.Wire;
import io.mtj.transport.WireLayer;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The client side of the MTProxy fake-TLS handshake: sends tdlib's 2026 ClientHello (Chrome-shaped,
 * see {@link ClientHelloTemplate#TDLIB_2026}) whose random
 * carries the secret's HMAC and the time, checks that the server's random is the HMAC of our random
 * and its whole answer, and returns the record layer to run obfuscated2 in.
 *
 * <p>Immutable; one instance can open many connections if its random generator is thread-safe (the
 * default {@link SecureRandom} is).
 */
public final class FakeTlsClient implements WireLayer {
    /** How long {@link #handshake} waits for the server's answer unless told otherwise. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final MtProxySecret secret;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Duration clockOffset;
    private final Duration handshakeTimeout;
    private final ClientHelloTemplate template;

    /**
     * Creates a client with the {@linkplain #DEFAULT_HANDSHAKE_TIMEOUT default handshake timeout} and the
     * default ClientHello template.
     *
     * @param secret the proxy's secret; must be of kind {@link MtProxySecret.Kind#FAKE_TLS}
     * @param clock the time stamped into each hello, which the proxy checks against its own
     * @param random the source of the hello's random fields and key share
     * @param clockOffset added to {@code clock} before stamping the hello, to correct a local clock
     *     known to differ from the proxy's
     * @throws IllegalArgumentException if the secret is not a fake-TLS secret
     */
    public FakeTlsClient(MtProxySecret secret, InstantSource clock, RandomGenerator random, Duration clockOffset) {
        this(secret, clock, random, clockOffset, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * Creates a client with the default ClientHello template.
     *
     * @param secret the proxy's secret; must be of kind {@link MtProxySecret.Kind#FAKE_TLS}
     * @param clock the time stamped into each hello
     * @param random the source of the hello's random fields and key share
     * @param clockOffset added to {@code clock} before stamping the hello
     * @param handshakeTimeout how long to wait for the server's answer (the wire's read timeout is
     *     reset to zero, meaning none, afterwards)
     * @throws IllegalArgumentException if the secret is not a fake-TLS secret
     */
    public FakeTlsClient(
            MtProxySecret secret,
            InstantSource clock,
            RandomGenerator random,
            Duration clockOffset,
            Duration handshakeTimeout) {
        this(secret, clock, random, clockOffset, handshakeTimeout, ClientHelloTemplate.TDLIB_2026);
    }

    /**
     * Creates a client with every choice explicit.
     *
     * @param secret the proxy's secret; must be of kind {@link MtProxySecret.Kind#FAKE_TLS}
     * @param clock the time stamped into each hello
     * @param random the source of the hello's random fields and key share
     * @param clockOffset added to {@code clock} before stamping the hello
     * @param handshakeTimeout how long to wait for the server's answer
     * @param template the ClientHello recipe; its once-per-client choices are made here, with {@code
     *     random}, and kept for every connection of this client
     * @throws IllegalArgumentException if the secret is not a fake-TLS secret
     */
    public FakeTlsClient(
            MtProxySecret secret,
            InstantSource clock,
            RandomGenerator random,
            Duration clockOffset,
            Duration handshakeTimeout,
            ClientHelloTemplate template) {
        if (secret.kind() != MtProxySecret.Kind.FAKE_TLS) {
            throw new IllegalArgumentException("fake-TLS needs an 0xee secret, got kind " + secret.kind());
        }
        this.secret = secret;
        this.clock = clock;
        this.random = random;
        this.clockOffset = clockOffset;
        this.handshakeTimeout = handshakeTimeout;
        // choices a browser makes once (ECH payload length) stay fixed for this client's connections
        this.template = template.resolve(random);
    }

    /**
     * Creates a client with the system clock, a {@link SecureRandom}, no clock offset and the default
     * handshake timeout.
     *
     * @param secret the proxy's fake-TLS secret
     * @return a new client
     * @throws IllegalArgumentException if the secret is not a fake-TLS secret
     */
    public static FakeTlsClient of(MtProxySecret secret) {
        return new FakeTlsClient(secret, InstantSource.system(), new SecureRandom(), Duration.ZERO);
    }

    /** {@link WireLayer} form of {@link #handshake}; the endpoint plays no part in fake TLS. */
    @Override
    public Wire wrap(Wire below, Endpoint endpoint) throws IOException {
        return handshake(below);
    }

    /**
     * Performs the handshake over {@code lower} and returns the record layer on top of it. On any
     * failure {@code lower} is closed before the exception is thrown.
     *
     * @param lower the connected wire to the proxy, nothing yet written to it
     * @return the TLS record layer carrying the obfuscated MTProto stream
     * @throws FakeTlsException if the server's answer is malformed or its HMAC does not prove it knows the
     *     secret
     * @throws IOException if the wire fails or the handshake timeout expires
     */
    public FakeTlsWire handshake(Wire lower) throws IOException {
        try {
            long now = clock.instant().plus(clockOffset).getEpochSecond();
            byte[] hello = FakeTlsClientHello.create(template, secret, random, now);
            lower.readTimeout(handshakeTimeout);
            lower.write(hello, 0, hello.length);
            lower.flush();
            byte[] clientRandom =
                    Arrays.copyOfRange(hello, TlsBytes.RANDOM_OFFSET, TlsBytes.RANDOM_OFFSET + TlsBytes.RANDOM_LENGTH);
            verify(clientRandom, readServerAnswer(lower));
            lower.readTimeout(Duration.ZERO);
            return new FakeTlsWire(lower, true);
        } catch (IOException | RuntimeException e) {
            try {
                lower.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** ServerHello record, ChangeCipherSpec record, first application-data record, as one array. */
    private static byte[] readServerAnswer(Wire lower) throws IOException {
        byte[] head = new byte[TlsBytes.RECORD_HEADER];
        lower.readFully(head, 0, head.length);
        expect(head, TlsBytes.HANDSHAKE, 0, "ServerHello");
        int helloLength = TlsBytes.u16(head, 3);
        if (helloLength < 4 + 2 + TlsBytes.RANDOM_LENGTH) {
            throw new FakeTlsException(MALFORMED_HELLO, "ServerHello record of " + helloLength + " bytes is too short");
        }
        byte[] first = new byte[TlsBytes.RECORD_HEADER + helloLength + 6 + TlsBytes.RECORD_HEADER];
        System.arraycopy(head, 0, first, 0, head.length);
        lower.readFully(first, head.length, first.length - head.length);
        if (first[5] != 2) {
            throw new FakeTlsException(
                    MALFORMED_HELLO,
                    String.format(
                            "ServerHello: expected handshake type 0x02 at offset 0x5, got 0x%02x", first[5] & 0xff));
        }
        int ccs = TlsBytes.RECORD_HEADER + helloLength;
        if (first[ccs] != 0x14
                || first[ccs + 1] != 3
                || first[ccs + 2] != 3
                || first[ccs + 3] != 0
                || first[ccs + 4] != 1
                || first[ccs + 5] != 1) {
            throw new FakeTlsException(
                    BAD_RECORD_TYPE,
                    "fake-TLS server answer: expected ChangeCipherSpec 14 03 03 00 01 01 at offset 0x"
                            + Integer.toHexString(ccs));
        }
        int dataHeader = ccs + 6;
        expect(Arrays.copyOfRange(first, dataHeader, dataHeader + 5), TlsBytes.APPLICATION_DATA, dataHeader, "data");
        int dataLength = TlsBytes.u16(first, dataHeader + 3);
        byte[] all = Arrays.copyOf(first, first.length + dataLength);
        lower.readFully(all, first.length, dataLength);
        return all;
    }

    private static void expect(byte[] header, int type, int offset, String what) throws FakeTlsException {
        if ((header[0] & 0xff) != type) {
            throw new FakeTlsException(
                    BAD_RECORD_TYPE,
                    String.format(
                            "fake-TLS server answer (%s): expected record type 0x%02x at offset 0x%x, got 0x%02x",
                            what, type, offset, header[0] & 0xff));
        }
        int version = TlsBytes.u16(header, 1);
        if (version != 0x0303) {
            throw new FakeTlsException(
                    BAD_VERSION,
                    String.format(
                            "fake-TLS server answer (%s): expected version 0x0303 at offset 0x%x, got 0x%04x",
                            what, offset + 1, version));
        }
        int length = TlsBytes.u16(header, 3);
        if (length > FakeTlsWire.MAX_INCOMING) {
            throw new FakeTlsException(
                    OVERSIZED_RECORD,
                    "fake-TLS server answer (" + what + "): record of " + length + " bytes exceeds "
                            + FakeTlsWire.MAX_INCOMING);
        }
    }

    private void verify(byte[] clientRandom, byte[] answer) throws FakeTlsException {
        byte[] serverRandom =
                Arrays.copyOfRange(answer, TlsBytes.RANDOM_OFFSET, TlsBytes.RANDOM_OFFSET + TlsBytes.RANDOM_LENGTH);
        byte[] expected = TlsBytes.hmacSha256(secret.keyRef(), clientRandom, TlsBytes.withZeroRandom(answer));
        if (!MessageDigest.isEqual(expected, serverRandom)) {
            throw new FakeTlsException(SERVER_HMAC_MISMATCH, "fake-TLS server HMAC mismatch");
        }
    }
}
