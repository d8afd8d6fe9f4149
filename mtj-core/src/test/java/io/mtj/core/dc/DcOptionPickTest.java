package io.mtj.core.dc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.DcOption;
import io.mtj.core.storage.SessionFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcOptionPickTest {
    private static DcOption option(int dc, String ip, int port, boolean v6, boolean media, boolean cdn, boolean tcpo) {
        return DcOption.builder()
                .id(dc)
                .ipAddress(ip)
                .port(port)
                .ipv6(v6)
                .mediaOnly(media)
                .cdn(cdn)
                .tcpoOnly(tcpo)
                .build();
    }

    private static final List<DcOption> OPTIONS = List.of(
            option(2, "::1", 1, true, false, false, false),
            option(2, "127.0.0.2", 2, false, false, false, false),
            option(2, "127.0.0.3", 3, false, true, false, false),
            option(2, "127.0.0.4", 4, false, false, true, false),
            option(2, "127.0.0.5", 5, false, false, false, true),
            option(3, "127.0.0.6", 6, false, false, false, false));

    @Test
    void apiCallsTakeTheIpv4MainAddressNeverMediaCdnOrTcpoOnly() {
        assertThat(DcClients.pick(OPTIONS, 2, false)).extracting(DcOption::port).isEqualTo(2);
    }

    @Test
    void fileTrafficPrefersTheMediaOnlyAddressAndFallsBackToTheMainOne() {
        assertThat(DcClients.pick(OPTIONS, 2, true)).extracting(DcOption::port).isEqualTo(3);
        assertThat(DcClients.pick(OPTIONS, 3, true)).extracting(DcOption::port).isEqualTo(6);
    }

    @Test
    void ipv6IsTakenWhenItIsAllThereIs() {
        assertThat(DcClients.pick(List.of(OPTIONS.get(0)), 2, false))
                .extracting(DcOption::port)
                .isEqualTo(1);
    }

    @Test
    void anUnknownDcHasNoOption() {
        assertThat(DcClients.pick(OPTIONS, 4, false)).isNull();
    }

    @Test
    void aCorruptMainFileIsNamedWithWhatItHolds(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("s");
        Files.writeString(dir.resolve("s.main"), "three\n");
        assertThatThrownBy(() -> new DcSessionFiles(session).mainDc())
                .isInstanceOf(SessionFileException.class)
                .hasMessage(dir.resolve("s.main") + " should hold the main DC number (1..9999), found 'three'");
        new DcSessionFiles(session).mainDc(3);
        assertThat(new DcSessionFiles(session).mainDc()).hasValue(3);
    }
}
