package io.mtj.testdc;

import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import io.mtj.api.telegram.NearestDc;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Config} and {@code NearestDc} the DC answers help.getConfig and help.getNearestDc with, built as the
 * generated mtj-api records so that their bytes come from the one generated codec.
 */
final class DcConfig {
    /** How long a config stays valid, in seconds. */
    static final int EXPIRES_AFTER = 3600;

    private DcConfig() {}

    /** {@code config} with only {@code listeners} (loopback addresses) as dc_options, dated {@code date}. */
    static Config config(int dcId, int date, boolean testMode, List<InetSocketAddress> listeners) {
        List<DcOption> options = new ArrayList<>(listeners.size());
        for (InetSocketAddress address : listeners) {
            options.add(DcOption.builder()
                    .ipv6(address.getAddress() instanceof Inet6Address)
                    .id(dcId)
                    .ipAddress(address.getAddress().getHostAddress())
                    .port(address.getPort())
                    .build());
        }
        return withOptions(dcId, date, testMode, options);
    }

    /** {@code config} for {@code thisDc} listing {@code options} (a cluster lists every DC's). */
    static Config withOptions(int thisDc, int date, boolean testMode, List<DcOption> options) {
        int dcId = thisDc;
        return Config.builder()
                .date(date)
                .expires(date + EXPIRES_AFTER)
                .testMode(testMode)
                .thisDc(dcId)
                .dcOptions(List.copyOf(options))
                .dcTxtDomainName("") // none, so clients do not look one up
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
                .webfileDcId(dcId)
                .build();
    }

    /** {@code nearestDc}: this DC is the nearest, country unknown ({@code ZZ}). */
    static NearestDc nearestDc(int dcId) {
        return new NearestDc("ZZ", dcId, dcId);
    }
}
