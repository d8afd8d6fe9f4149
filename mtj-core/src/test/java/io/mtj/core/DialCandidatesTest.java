package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import io.mtj.core.storage.SessionState;
import io.mtj.transport.Endpoint;
import io.mtj.transport.dial.Candidates.IpPreference;
import io.mtj.transport.dial.DcAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which addresses a connect races, and in what order (no socket is opened: the rules alone). Telegram's addresses
 * appear here as values only.
 */
class DialCandidatesTest {
    private static final ClientConfig.Builder base() {
        return ClientConfig.builder(1, "0123456789abcdef0123456789abcdef");
    }

    private static List<String> keys(List<DcAddress> list) {
        return list.stream().map(DcAddress::key).toList();
    }

    private static DcOption option(int dc, String ip, int port, boolean ipv6, boolean media) {
        return DcOption.builder()
                .id(dc)
                .ipAddress(ip)
                .port(port)
                .ipv6(ipv6)
                .mediaOnly(media)
                .build();
    }

    private static Config config(List<DcOption> options) {
        return Config.builder()
                .date(1)
                .expires(2)
                .testMode(false)
                .thisDc(2)
                .dcOptions(options)
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
                .webfileDcId(2)
                .build();
    }

    /** What the test DC's help.getConfig lists for a cluster: two families, a media-only address, another DC. */
    private static final Config LOOPBACK = config(List.of(
            option(2, "127.0.0.1", 4000, false, false),
            option(2, "::1", 4000, true, false),
            option(2, "127.0.0.1", 4001, false, true),
            option(3, "127.0.0.1", 4002, false, false)));

    @Test
    void telegramsDcIsRacedOverItsEmbeddedAddressesInTheConfiguredFamilyOrder() {
        assertThat(keys(DialCandidates.of(base().build(), null, null)))
                .containsExactly("149.154.167.51:443", "[2001:67c:4e8:f002::a]:443");
        ClientConfig v6 = base().dialOptions(DialOptions.defaults().withPreference(IpPreference.IPV6_FIRST))
                .build();
        assertThat(keys(DialCandidates.of(v6, null, null)))
                .containsExactly("[2001:67c:4e8:f002::a]:443", "149.154.167.51:443");
        ClientConfig v4 = base().dialOptions(DialOptions.defaults().withPreference(IpPreference.IPV4_ONLY))
                .build();
        assertThat(keys(DialCandidates.of(v4, null, null))).containsExactly("149.154.167.51:443");
        ClientConfig test = base().testServers().dc(1).build();
        assertThat(keys(DialCandidates.of(test, null, null)))
                .containsExactly("149.154.175.10:443", "[2001:b28:f23d:f001::e]:443");
    }

    @Test
    void telegramsDcAddsTheSavedAddressAndTheConfigsOptionsOfThatDcOnly() {
        SessionState saved = new SessionState(2, "149.154.167.50", 443, new byte[256], 0, 0, List.of());
        Config telegram = config(List.of(
                option(2, "2001:067c:04e8:f002:0000:0000:0000:000a", 443, true, false), // the embedded one, spelt long
                option(2, "149.154.167.41", 443, false, false),
                option(2, "149.154.167.222", 443, false, true),
                option(4, "149.154.167.91", 443, false, false)));
        assertThat(keys(DialCandidates.of(base().build(), saved, telegram)))
                .containsExactly(
                        "149.154.167.51:443",
                        "[2001:067c:04e8:f002:0000:0000:0000:000a]:443", // once, in the config's spelling (met first)
                        "149.154.167.50:443",
                        "149.154.167.41:443");
    }

    @Test
    void aDcThatListsTheEndpointHasItsSiblingsRacedButNeverMediaOnlyForApiTraffic() {
        ClientConfig loopback =
                base().endpoint(Endpoint.of("127.0.0.1", 4000, 2)).build();
        assertThat(keys(DialCandidates.of(loopback, null, null))).containsExactly("127.0.0.1:4000");
        assertThat(keys(DialCandidates.of(loopback, null, LOOPBACK))).containsExactly("127.0.0.1:4000", "[::1]:4000");
        ClientConfig media =
                base().endpoint(new Endpoint("127.0.0.1", 4000, 2, false, true)).build();
        assertThat(keys(DialCandidates.of(media, null, LOOPBACK)))
                .containsExactly("127.0.0.1:4000", "[::1]:4000", "127.0.0.1:4001"); // families interleaved
    }

    @Test
    void anEndpointTheDcDoesNotListIsNotGoneAround() {
        // a relay in front of the DC: the DC's own addresses and the saved one are not raced past it
        ClientConfig relay = base().endpoint(Endpoint.of("127.0.0.1", 5000, 2)).build();
        SessionState saved = new SessionState(2, "127.0.0.1", 4000, new byte[256], 0, 0, List.of());
        assertThat(keys(DialCandidates.of(relay, saved, LOOPBACK))).containsExactly("127.0.0.1:5000");
        ClientConfig withExtra = base().endpoint(Endpoint.of("127.0.0.1", 5000, 2))
                .dialOptions(DialOptions.defaults()
                        .withAddresses(List.of(DcAddress.of(2, "127.0.0.1", 5001), DcAddress.of(3, "127.0.0.1", 5002))))
                .build();
        assertThat(keys(DialCandidates.of(withExtra, saved, LOOPBACK)))
                .containsExactly("127.0.0.1:5000", "127.0.0.1:5001");
    }

    @Test
    void throughAProxyOrAnMtProxyTheEndpointIsTheOneCandidate() {
        Config telegram = config(List.of(option(2, "149.154.167.41", 443, false, false)));
        ClientConfig socks = base().proxy("socks5://127.0.0.1:1080").build();
        assertThat(keys(DialCandidates.of(socks, null, telegram))).containsExactly("149.154.167.51:443");
        ClientConfig mtproxy = base().proxy(
                        "tg://proxy?server=127.0.0.1&port=443&secret=00112233445566778899aabbccddeeff")
                .build();
        assertThat(keys(DialCandidates.of(mtproxy, null, telegram))).containsExactly("149.154.167.51:443");
    }

    @Test
    void aCoolingAddressGoesLastAndTheEndpointStaysWhenTheFamilyRuleWouldDropIt() {
        DialOptions options = DialOptions.defaults();
        ClientConfig config = base().dialOptions(options).build();
        options.cooldown().failed(DcAddress.of(2, "149.154.167.51", 443));
        assertThat(keys(DialCandidates.of(config, null, null)))
                .containsExactly("[2001:67c:4e8:f002::a]:443", "149.154.167.51:443");
        ClientConfig v6Endpoint = base().endpoint(Endpoint.of("::1", 4000, 2))
                .dialOptions(DialOptions.defaults().withPreference(IpPreference.IPV4_ONLY))
                .build();
        assertThat(keys(DialCandidates.of(v6Endpoint, null, null))).containsExactly("[::1]:4000");
    }
}
