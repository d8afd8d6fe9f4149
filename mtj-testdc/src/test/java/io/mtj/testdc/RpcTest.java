package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.Schema;
import io.mtj.api.telegram.ApiLayer;
import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InitConnection;
import io.mtj.api.telegram.InvokeWithLayer;
import io.mtj.api.telegram.InvokeWithoutUpdates;
import io.mtj.api.telegram.NearestDc;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API calls through the wrappers, built-in methods, scripts and handlers. */
class RpcTest {
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    static final InstantSource CLOCK = InstantSource.fixed(NOW);

    @SuppressWarnings("NullAway.Init")
    private TestDc dc;

    @SuppressWarnings("NullAway.Init")
    private MiniClient client;

    @SuppressWarnings("NullAway.Init")
    private ClientSession session;

    private void open(TestDc.Builder builder) throws Exception {
        dc = builder.rsaKey(TestKeys.RSA).clock(CLOCK).build();
        client = MiniClient.connect(dc.address(), CLOCK);
        ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new SplittableRandom(21), dc.dcId());
        session = ClientSession.of(client, h, 0x5151L);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (dc != null) {
            dc.close();
            assertThat(dc.isTerminated()).isTrue();
            assertThat(dc.connectionCount()).isZero();
        }
    }

    static <X> InitConnection<X> init(TlMethod<X> query) {
        return new InitConnection<>(123, "JUnit", "Linux", "1.0", "en", "", "en", null, null, query);
    }

    /** Sends {@code call} and returns a reader positioned at the result inside rpc_result. */
    private TlReader call(TlMethod<?> call) throws Exception {
        long id = session.send(call.toByteArray());
        TlReader r = session.receiveUntil(ServiceIds.RPC_RESULT).reader();
        assertThat(r.readLong()).isEqualTo(id);
        return new TlReader(r.readRemaining(), Schema.registry());
    }

    @Test
    void helpGetConfigListsOnlyTheLoopbackListenerAndUsesTheDcClock() throws Exception {
        open(TestDc.builder());
        TlReader r = call(new InvokeWithLayer<>(ApiLayer.LAYER, init(new HelpGetConfig())));
        Config config = Config.read(r);
        r.expectEnd();
        assertThat(config.thisDc()).isEqualTo(2);
        assertThat(config.date()).isEqualTo((int) NOW.getEpochSecond());
        assertThat(config.expires()).isEqualTo((int) NOW.getEpochSecond() + 3600);
        assertThat(config.testMode()).isFalse();
        assertThat(config.dcTxtDomainName()).isEmpty();
        assertThat(config.dcOptions()).hasSize(1);
        DcOption v4 = config.dcOptions().get(0);
        assertThat(v4.ipv6()).isFalse();
        assertThat(v4.mediaOnly()).isFalse();
        assertThat(v4.secret()).isNull();
        assertThat(v4.id()).isEqualTo(2);
        assertThat(v4.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(v4.port()).isEqualTo(dc.port());
        assertThat(config.webfileDcId()).isEqualTo(2);
        assertThat(config.messageLengthMax()).isEqualTo(4096);

        ReceivedRequest request = java.util.Objects.requireNonNull(dc.takeRequest(Duration.ofSeconds(5)));
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo(new HelpGetConfig());
        assertThat(request.constructorId()).isEqualTo(HelpGetConfig.ID);
        assertThat(request.layer()).isEqualTo(ApiLayer.LAYER);
        assertThat(request.init()).isEqualTo(new InitConnectionInfo(123, "JUnit", "Linux", "1.0", "en", "", "en"));
        assertThat(request.withoutUpdates()).isFalse();
        assertThat(request.sessionId()).isEqualTo(0x5151L);
    }

    @Test
    void theConfigBytesAreTheGeneratedCodecsOutputForTheDcsFields() throws Exception {
        int date = (int) NOW.getEpochSecond();
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40_001);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 40_002);
        Config expected = Config.builder()
                .date(date)
                .expires(date + 3600)
                .testMode(true)
                .thisDc(3)
                .dcOptions(List.of(
                        DcOption.builder()
                                .id(3)
                                .ipAddress("127.0.0.1")
                                .port(40_001)
                                .build(),
                        DcOption.builder()
                                .ipv6(true)
                                .id(3)
                                .ipAddress("0:0:0:0:0:0:0:1")
                                .port(40_002)
                                .build()))
                .dcTxtDomainName("")
                .chatSizeMax(200)
                .megagroupSizeMax(200_000)
                .forwardedCountMax(100)
                .onlineUpdatePeriodMs(210_000)
                .offlineBlurTimeoutMs(5_000)
                .offlineIdleTimeoutMs(30_000)
                .onlineCloudTimeoutMs(300_000)
                .notifyCloudDelayMs(30_000)
                .notifyDefaultDelayMs(1_500)
                .pushChatPeriodMs(60_000)
                .pushChatLimit(2)
                .editTimeLimit(172_800)
                .revokeTimeLimit(Integer.MAX_VALUE)
                .revokePmTimeLimit(Integer.MAX_VALUE)
                .ratingEDecay(2_419_200)
                .stickersRecentLimit(200)
                .channelsReadMediaPeriod(604_800)
                .callReceiveTimeoutMs(20_000)
                .callRingTimeoutMs(90_000)
                .callConnectTimeoutMs(30_000)
                .callPacketTimeoutMs(10_000)
                .meUrlPrefix("https://t.me/")
                .captionLengthMax(1024)
                .messageLengthMax(4096)
                .webfileDcId(3)
                .build();
        TlWriter out = new TlWriter(512);
        out.writeObject(expected);
        byte[] expectedBytes = out.toByteArray();

        byte[] actual = DcConfig.config(3, date, true, List.of(v4, v6)).toByteArray();
        assertThat(actual).isEqualTo(expectedBytes);
        // the start by hand: id, flags 0, date, expires, boolTrue, this_dc, vector of 2, first dcOption flags 0
        TlReader r = new TlReader(actual, Schema.registry());
        assertThat(r.readInt()).isEqualTo(0xcc1a241e);
        assertThat(r.readInt()).isZero();
        assertThat(r.readInt()).isEqualTo(date);
        assertThat(r.readInt()).isEqualTo(date + 3600);
        assertThat(r.readInt()).isEqualTo(0x997275b5);
        assertThat(r.readInt()).isEqualTo(3);
        assertThat(r.readInt()).isEqualTo(0x1cb5c415);
        assertThat(r.readInt()).isEqualTo(2);
        assertThat(r.readInt()).isEqualTo(0x18b7a10d);
        assertThat(r.readInt()).isZero();
        // and what the DC serves over the wire equals the same codec's output for its own listener
        open(TestDc.builder().dcId(3).testMode(true));
        byte[] served = call(new HelpGetConfig()).readRemaining();
        assertThat(served)
                .isEqualTo(DcConfig.config(3, date, true, dc.addresses()).toByteArray());
        assertThat(Config.read(new TlReader(served, Schema.registry()))
                        .dcOptions()
                        .get(0)
                        .port())
                .isEqualTo(dc.port());
    }

    @Test
    void withIpv6TheConfigAlsoListsTheIpv6LoopbackListener() throws Exception {
        open(TestDc.builder().ipv6(true).dcId(4));
        Config config = Config.read(call(new HelpGetConfig()));
        assertThat(config.thisDc()).isEqualTo(4);
        assertThat(config.dcOptions()).hasSize(2);
        DcOption v6 = config.dcOptions().get(1);
        assertThat(v6.ipv6()).isTrue();
        assertThat(v6.ipAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(v6.port()).isEqualTo(dc.addresses().get(1).getPort());
        assertThat(v6.id()).isEqualTo(4);
    }

    @Test
    void wrappersNestInAnyOrderAndTheSessionRemembersLayerAndInit() throws Exception {
        open(TestDc.builder());
        NearestDc nearest = NearestDc.read(
                call(init(new InvokeWithoutUpdates<>(new InvokeWithLayer<>(ApiLayer.LAYER, new HelpGetNearestDc())))));
        assertThat(nearest).isEqualTo(new NearestDc("ZZ", 2, 2));
        ReceivedRequest first = java.util.Objects.requireNonNull(dc.takeRequest(Duration.ofSeconds(5)));
        assertThat(first.withoutUpdates()).isTrue();
        assertThat(first.layer()).isEqualTo(ApiLayer.LAYER);
        call(new HelpGetNearestDc());
        ReceivedRequest second = java.util.Objects.requireNonNull(dc.takeRequest(Duration.ofSeconds(5)));
        assertThat(second.method()).isEqualTo(new HelpGetNearestDc());
        assertThat(second.withoutUpdates()).isFalse();
        assertThat(second.layer()).isEqualTo(ApiLayer.LAYER);
        assertThat(second.init()).isEqualTo(first.init());
    }

    @Test
    void anEnqueuedErrorAnswersTheNextCallOnlyThenTheBuiltInAnswers() throws Exception {
        open(TestDc.builder());
        dc.enqueue(HelpGetNearestDc.class, RpcAnswer.error(420, "FLOOD_WAIT_3"));
        TlReader error = call(new HelpGetNearestDc());
        assertThat(error.readInt()).isEqualTo(ServiceIds.RPC_ERROR);
        assertThat(error.readInt()).isEqualTo(420);
        assertThat(error.readString()).isEqualTo("FLOOD_WAIT_3");
        assertThat(NearestDc.read(call(new HelpGetNearestDc()))).isEqualTo(new NearestDc("ZZ", 2, 2));
    }

    @Test
    void anEnqueuedResultByConstructorIdIsSentAsIs() throws Exception {
        open(TestDc.builder());
        NearestDc scripted = new NearestDc("NL", 2, 4);
        dc.enqueue(HelpGetNearestDc.ID, RpcAnswer.result(scripted));
        assertThat(NearestDc.read(call(new HelpGetNearestDc()))).isEqualTo(scripted);
    }

    @Test
    void aHandlerAnswersEveryCallAndMayFailWithRpcFailure() throws Exception {
        open(TestDc.builder());
        dc.handle(HelpGetNearestDc.class, m -> new NearestDc("DE", 2, 5));
        assertThat(NearestDc.read(call(new HelpGetNearestDc()))).isEqualTo(new NearestDc("DE", 2, 5));
        assertThat(NearestDc.read(call(new HelpGetNearestDc()))).isEqualTo(new NearestDc("DE", 2, 5));
        dc.handle(HelpGetNearestDc.class, m -> {
            throw new RpcFailure(303, "NETWORK_MIGRATE_4");
        });
        TlReader error = call(new HelpGetNearestDc());
        assertThat(error.readInt()).isEqualTo(ServiceIds.RPC_ERROR);
        assertThat(error.readInt()).isEqualTo(303);
        assertThat(error.readString()).isEqualTo("NETWORK_MIGRATE_4");
    }

    @Test
    void aKnownButUnimplementedApiMethodGets401() throws Exception {
        open(TestDc.builder());
        TlReader error = call(new io.mtj.api.telegram.UpdatesGetState());
        assertThat(error.readInt()).isEqualTo(ServiceIds.RPC_ERROR);
        assertThat(error.readInt()).isEqualTo(401);
        assertThat(error.readString()).isEqualTo("AUTH_KEY_UNREGISTERED");
    }

    @Test
    void handlerResultsAreSerializedAsTheirTlTypes() {
        assertThat(((RpcAnswer.Result) RpcDispatcher.encodeResult(Boolean.TRUE)).boxed())
                .isEqualTo(java.util.HexFormat.of().parseHex("b5757299"));
        assertThat(((RpcAnswer.Result) RpcDispatcher.encodeResult(java.util.List.of(1L, 2L))).boxed())
                .isEqualTo(java.util.HexFormat.of()
                        .parseHex("15c4b51c02000000" + "0100000000000000" + "0200000000000000"));
        assertThat(((RpcAnswer.Result) RpcDispatcher.encodeResult(new NearestDc("ZZ", 2, 2))).boxed())
                .isEqualTo(new TlWriter(32)
                        .writeInt(NearestDc.ID)
                        .writeString("ZZ")
                        .writeInt(2)
                        .writeInt(2)
                        .toByteArray());
        assertThat(DcConfig.nearestDc(2)).isEqualTo(new NearestDc("ZZ", 2, 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RpcDispatcher.encodeResult("text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "a handler returned java.lang.String; return a TlObject, Boolean, List, byte[] or RpcAnswer");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RpcAnswer.raw(new byte[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a serialized boxed result is a positive multiple of 4 bytes, got 6");
    }
}
