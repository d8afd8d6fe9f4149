package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.ScriptedWire;
import java.io.EOFException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Both sides of the handshake over in-memory wires, with fixed clocks and seeded randomness. */
class FakeTlsHandshakeTest {
    static final byte[] KEY = FakeTlsClientHelloTest.KEY;
    static final MtProxySecret SECRET = FakeTlsClientHelloTest.SECRET;
    static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static FakeTlsServer server(List<MtProxySecret> secrets, ReplayCache cache) {
        return new FakeTlsServer(secrets, CLOCK, Duration.ofMinutes(2), cache, new Random(99));
    }

    static FakeTlsServer server() {
        return server(List.of(SECRET), new ReplayCache(16, Duration.ofMinutes(4)));
    }

    /** The hello a {@link FakeTlsClient} seeded with {@code seed} sends first. */
    static byte[] clientHello(long seed) {
        Random random = new Random(seed);
        ClientHelloTemplate resolved = ClientHelloTemplate.TDLIB_2026.resolve(random);
        return FakeTlsClientHello.create(resolved, SECRET, random, NOW.getEpochSecond());
    }

    @Test
    void serverAnswerCarriesTheHmacAndClientAcceptsIt() throws Exception {
        byte[] hello = clientHello(1);
        ScriptedWire serverSide = ScriptedWire.script(hello, 100);
        FakeTlsServer.Accepted accepted = server().accept(serverSide);
        assertThat(accepted.secret()).isEqualTo(SECRET);
        assertThat(accepted.serverName()).isEqualTo("cdn.example.net");
        byte[] answer = serverSide.written();

        // layout: ServerHello (122-byte record), CCS, one application-data record
        assertThat(Arrays.copyOf(answer, 6)).isEqualTo(HexFormat.of().parseHex("160303007a02"));
        assertThat(Arrays.copyOfRange(answer, 127, 136))
                .isEqualTo(HexFormat.of().parseHex("140303000101170303"));
        int dataLength = ((answer[136] & 0xff) << 8) | (answer[137] & 0xff);
        assertThat(dataLength).isBetween(1024, 4095);
        assertThat(answer).hasSize(138 + dataLength);
        // session id echoed
        assertThat(answer[43]).isEqualTo((byte) 32);
        assertThat(Arrays.copyOfRange(answer, 44, 76)).isEqualTo(Arrays.copyOfRange(hello, 44, 76));

        // HMAC recomputed independently: HMAC(key, client random || answer with random zeroed)
        byte[] zeroed = answer.clone();
        Arrays.fill(zeroed, 11, 43, (byte) 0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(Arrays.copyOfRange(hello, 11, 43));
        assertThat(Arrays.copyOfRange(answer, 11, 43)).isEqualTo(mac.doFinal(zeroed));

        // the client with the same randomness sends the same hello and accepts this answer
        ScriptedWire clientSide = ScriptedWire.script(answer, 7);
        FakeTlsClient client = new FakeTlsClient(SECRET, CLOCK, new Random(1), Duration.ZERO);
        FakeTlsWire wire = client.handshake(clientSide);
        assertThat(clientSide.written()).isEqualTo(hello);
        assertThat(wire.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(clientSide.closed()).isFalse();
    }

    @Test
    void clientRejectsATamperedServerAnswer() throws Exception {
        byte[] hello = clientHello(1);
        ScriptedWire serverSide = ScriptedWire.script(hello, 517);
        server().accept(serverSide);
        byte[] answer = serverSide.written();
        answer[answer.length - 1] ^= 1; // one bit of the random application data
        ScriptedWire clientSide = ScriptedWire.script(answer, 1000);
        FakeTlsClient client = new FakeTlsClient(SECRET, CLOCK, new Random(1), Duration.ZERO);
        assertThatThrownBy(() -> client.handshake(clientSide))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.SERVER_HMAC_MISMATCH))
                .hasMessage("fake-TLS server HMAC mismatch");
        assertThat(clientSide.closed()).isTrue();
    }

    @Test
    void clientRejectsAnAnswerWithoutChangeCipherSpec() throws Exception {
        byte[] hello = clientHello(1);
        ScriptedWire serverSide = ScriptedWire.script(hello, 517);
        server().accept(serverSide);
        byte[] answer = serverSide.written();
        answer[127] = 0x15;
        FakeTlsClient client = new FakeTlsClient(SECRET, CLOCK, new Random(1), Duration.ZERO);
        assertThatThrownBy(() -> client.handshake(ScriptedWire.script(answer, 1000)))
                .isInstanceOf(FakeTlsException.class)
                .hasMessage("fake-TLS server answer: expected ChangeCipherSpec 14 03 03 00 01 01 at offset 0x7f");
    }

    @Test
    void wrongSecretIsRefused() {
        MtProxySecret other = MtProxySecret.fakeTls(new byte[16], "cdn.example.net");
        byte[] hello = FakeTlsClientHello.create(other, new Random(1), NOW.getEpochSecond());
        ScriptedWire wire = ScriptedWire.script(hello, 517);
        assertThatThrownBy(() -> server().accept(wire))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.UNKNOWN_SECRET))
                .hasMessage("fake-TLS ClientHello HMAC matches none of the 1 secrets");
        assertThat(wire.closed()).isTrue();
        assertThat(wire.written()).isEmpty();
    }

    @Test
    void secondOfSeveralSecretsMatches() throws Exception {
        MtProxySecret first = MtProxySecret.fakeTls(new byte[16], "other.example");
        byte[] hello = clientHello(1);
        FakeTlsServer.Accepted accepted = server(List.of(first, SECRET), new ReplayCache(4, Duration.ofMinutes(4)))
                .accept(ScriptedWire.script(hello, 517));
        assertThat(accepted.secret()).isEqualTo(SECRET);
    }

    @Test
    void staleAndFutureTimestampsAreRefused() throws Exception {
        byte[] old = FakeTlsClientHello.create(SECRET, new Random(1), NOW.getEpochSecond() - 121);
        assertThatThrownBy(() -> server().accept(ScriptedWire.script(old, 517)))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.STALE_TIMESTAMP))
                .hasMessage("fake-TLS ClientHello time stamp is -121 s from now, allowed +-120 s");
        byte[] future = FakeTlsClientHello.create(SECRET, new Random(1), NOW.getEpochSecond() + 200);
        assertThatThrownBy(() -> server().accept(ScriptedWire.script(future, 517)))
                .hasMessage("fake-TLS ClientHello time stamp is 200 s from now, allowed +-120 s");
        byte[] edge = FakeTlsClientHello.create(SECRET, new Random(1), NOW.getEpochSecond() - 120);
        assertThat(server().accept(ScriptedWire.script(edge, 517)).serverName()).isEqualTo("cdn.example.net");
    }

    @Test
    void clientClockOffsetCorrectsTheStamp() throws Exception {
        Clock slow = Clock.fixed(NOW.minusSeconds(600), ZoneOffset.UTC);
        ScriptedWire sink = ScriptedWire.script(new byte[0], 1);
        FakeTlsClient client = new FakeTlsClient(SECRET, slow, new Random(1), Duration.ofMinutes(10));
        assertThatThrownBy(() -> client.handshake(sink)).isInstanceOf(EOFException.class);
        byte[] hello = sink.written();
        assertThat(server().accept(ScriptedWire.script(hello, 517)).serverName())
                .isEqualTo("cdn.example.net");
    }

    @Test
    void replayedHelloIsRefused() throws Exception {
        FakeTlsServer server = server();
        byte[] hello = clientHello(1);
        server.accept(ScriptedWire.script(hello, 517));
        assertThatThrownBy(() -> server.accept(ScriptedWire.script(hello, 517)))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.REPLAYED_HELLO))
                .hasMessage("fake-TLS ClientHello random was already used (replay)");
    }

    @Test
    void sniMustMatchTheSecretsDomain() {
        MtProxySecret sameKeyOtherDomain = MtProxySecret.fakeTls(KEY, "www.example.org");
        byte[] hello = clientHello(1);
        assertThatThrownBy(() -> server(List.of(sameKeyOtherDomain), new ReplayCache(4, Duration.ofMinutes(4)))
                        .accept(ScriptedWire.script(hello, 517)))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.SNI_MISMATCH))
                .hasMessage("fake-TLS ClientHello SNI: expected www.example.org, got cdn.example.net");
    }

    @Test
    void nonHandshakeAndOversizedHellosAreRefused() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> server().accept(ScriptedWire.script(http, 100)))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.BAD_RECORD_TYPE))
                .hasMessage("ClientHello: expected record type 0x16 at offset 0x0, got 0x47");
        byte[] huge = HexFormat.of().parseHex("160301ffff");
        assertThatThrownBy(() -> server().accept(ScriptedWire.script(huge, 100)))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.OVERSIZED_RECORD))
                .hasMessage("ClientHello record of 65535 bytes exceeds 16640");
        byte[] truncated = Arrays.copyOf(clientHello(1), 300);
        assertThatThrownBy(() -> server().accept(ScriptedWire.script(truncated, 100)))
                .isInstanceOf(EOFException.class)
                .hasMessage("stream ended after 295 of " + (clientHello(1).length - 5) + " expected bytes");
    }
}
