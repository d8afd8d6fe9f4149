package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.PlainMessage;
import io.mtj.core.wire.PlainMessageCodec;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.mtproxy.FakeTlsClient;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.ws.WebSocketLayer;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every transport the DC accepts, driven by the transport module's client side: a req_pq_multi round trip each. */
class TransportsTest {
    static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    @AfterEach
    void tearDown() {
        dc.close();
        assertThat(dc.isTerminated()).isTrue();
        assertThat(dc.connectionCount()).isZero();
    }

    private static void roundTrip(InetSocketAddress address, TransportOptions options) throws Exception {
        FramedTransport transport = FramedTransport.client(options);
        try {
            transport.connect(Endpoint.of("127.0.0.1", address.getPort(), 2));
            byte[] nonce = new byte[16];
            nonce[3] = 7;
            MsgIdGenerator ids = new MsgIdGenerator(InstantSource.system());
            byte[] body = new TlWriter()
                    .writeInt(DhExchange.REQ_PQ_MULTI)
                    .writeInt128(nonce)
                    .toByteArray();
            transport.send(PlainMessageCodec.encode(new PlainMessage(ids.next(MsgIdKind.CLIENT), body)));
            Frame frame = transport.receive();
            assertThat(frame).isInstanceOf(Frame.Packet.class);
            byte[] answer = PlainMessageCodec.decode(((Frame.Packet) frame).payload(), MsgIdKind.Peer.SERVER)
                    .body();
            TlReader r = new TlReader(answer);
            assertThat(r.readInt()).isEqualTo(DhExchange.RES_PQ);
            assertThat(r.readInt128()).isEqualTo(nonce);
        } finally {
            transport.close();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ABRIDGED, false",
        "INTERMEDIATE, false",
        "PADDED_INTERMEDIATE, false",
        "FULL, false",
        "HTTP, false",
        "ABRIDGED, true",
        "INTERMEDIATE, true",
        "PADDED_INTERMEDIATE, true"
    })
    void theMainPortAcceptsEveryFramingPlainOrObfuscated(Framing framing, boolean obfuscated) throws Exception {
        dc = TestDc.builder().rsaKey(TestKeys.RSA).build();
        roundTrip(
                dc.address(),
                TransportOptions.builder()
                        .framing(framing)
                        .obfuscated(obfuscated)
                        .build());
    }

    @Test
    void theMtProxyPortAcceptsClientsWithTheSecret() throws Exception {
        dc = TestDc.builder()
                .rsaKey(TestKeys.RSA)
                .mtproxy(MtProxySecret.padded(KEY))
                .build();
        roundTrip(
                dc.mtproxyAddress(),
                TransportOptions.builder()
                        .framing(Framing.PADDED_INTERMEDIATE)
                        .obfuscated(true)
                        .proxySecret(KEY)
                        .build());
    }

    @Test
    void theMtProxyPortRefusesAClientWithoutTheSecret() throws Exception {
        dc = TestDc.builder()
                .rsaKey(TestKeys.RSA)
                .mtproxy(MtProxySecret.padded(KEY))
                .build();
        FramedTransport transport = FramedTransport.client(
                TransportOptions.builder().obfuscated(true).build());
        try {
            transport.connect(Endpoint.of("127.0.0.1", dc.mtproxyAddress().getPort(), 2));
            transport.send(new byte[40]);
            org.assertj.core.api.Assertions.assertThatThrownBy(transport::receive)
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            transport.close();
        }
    }

    @Test
    void theMtProxyPortSpeaksFakeTlsForAnEeSecret() throws Exception {
        MtProxySecret secret = MtProxySecret.fakeTls(KEY, "example.com");
        dc = TestDc.builder().rsaKey(TestKeys.RSA).mtproxy(secret).build();
        roundTrip(
                dc.mtproxyAddress(),
                TransportOptions.builder()
                        .framing(Framing.PADDED_INTERMEDIATE)
                        .obfuscated(true)
                        .proxySecret(KEY)
                        .layer(FakeTlsClient.of(secret))
                        .build());
    }

    @Test
    void theWebSocketPortServesApiws() throws Exception {
        dc = TestDc.builder().rsaKey(TestKeys.RSA).webSocket(true).build();
        roundTrip(
                dc.webSocketAddress(),
                TransportOptions.builder()
                        .obfuscated(true)
                        .layer(WebSocketLayer.standard())
                        .build());
    }

    @Test
    void listenersThatWereNotConfiguredSaySo() throws Exception {
        dc = TestDc.builder().rsaKey(TestKeys.RSA).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(dc::mtproxyAddress)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this test DC has no MTProxy listener; configure Builder.mtproxy(secret)");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TestDc.builder().host(java.net.InetAddress.getByName("192.0.2.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the test DC only listens on loopback, not /192.0.2.1");
    }
}
