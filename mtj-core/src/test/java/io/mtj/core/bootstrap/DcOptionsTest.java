package io.mtj.core.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.DcOption;
import io.mtj.transport.dial.Candidates;
import io.mtj.transport.dial.Cooldown;
import io.mtj.transport.dial.DcAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcOptionsTest {
    @Test
    void configOptionsBecomeCandidatesWithoutCdnOnes() {
        byte[] secret = new byte[16];
        secret[15] = 1;
        List<DcOption> options = List.of(
                new DcOption(false, false, false, false, false, false, 2, "127.0.0.2", 443, new byte[0]),
                new DcOption(true, false, false, false, false, false, 2, "::1", 443, new byte[0]),
                new DcOption(false, true, false, false, false, false, 2, "127.0.0.3", 443, new byte[0]),
                new DcOption(false, false, true, false, false, false, 2, "127.0.0.4", 80, secret),
                new DcOption(false, false, false, true, false, false, 2, "127.0.0.5", 443, new byte[0]));
        List<DcAddress> addresses = DcOptions.addresses(options, false);
        assertThat(addresses)
                .containsExactly(
                        DcAddress.of(2, "127.0.0.2", 443),
                        DcAddress.of(2, "::1", 443),
                        new DcAddress(2, "127.0.0.3", 443, false, false, true, false),
                        new DcAddress(
                                2, "127.0.0.4", 80, false, false, false, true, "00000000000000000000000000000001"));
        assertThat(Candidates.order(addresses, 2, false, Candidates.IpPreference.IPV6_FIRST, Cooldown.standard()))
                .extracting(DcAddress::key)
                .containsExactly("[::1]:443", "127.0.0.2:443", "127.0.0.4:80");
    }
}
