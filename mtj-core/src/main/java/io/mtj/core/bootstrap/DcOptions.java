package io.mtj.core.bootstrap;

import io.mtj.api.telegram.DcOption;
import io.mtj.transport.dial.DcAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** {@code help.getConfig}'s {@code dc_options} as dial candidates. */
public final class DcOptions {
    private DcOptions() {}

    /**
     * Every option that a client may dial, in the server's order: CDN-only entries are left out (they serve CDN
     * files, not the API), {@code tcpo_only} ones become obfuscated-only, a 16-byte secret is kept (hex).
     *
     * @param options the {@code dcOption}s of a config
     * @param test whether they are test-server addresses
     * @return the addresses to dial, in order
     */
    public static List<DcAddress> addresses(List<DcOption> options, boolean test) {
        List<DcAddress> out = new ArrayList<>();
        for (DcOption o : options) {
            if (o.cdn()) {
                continue;
            }
            byte[] secret = o.secret();
            out.add(new DcAddress(
                    o.id(),
                    o.ipAddress(),
                    o.port(),
                    test,
                    o.ipv6(),
                    o.mediaOnly(),
                    o.tcpoOnly(),
                    secret != null && secret.length == 16 ? HexFormat.of().formatHex(secret) : null));
        }
        return out;
    }
}
