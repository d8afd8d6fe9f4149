package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsCommandsAndEveryOption() {
        CliRun r = CliRun.of("help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .startsWith("mtj: an MTProto 2.0 client and a local test data centre\n")
                .contains("usage: mtj COMMAND [OPTIONS]")
                .contains(
                        "  --transport NAME     intermediate|abridged|padded|full|obfuscated|obfuscated-abridged|obfuscated-padded"
                                + "|websocket|websocket-secure|http\n"
                                + "                       (default intermediate; websocket-secure needs --dc)\n")
                .contains("  --mtproxy            connect through an MTProxy on the embedded test DC, with an ee\n")
                .contains(
                        "--dc HOST:PORT",
                        "--dc-id N",
                        "--rsa-key FILE",
                        "--proxy URI",
                        "--api-id N",
                        "--api-hash HEX",
                        "--session FILE",
                        "--trace",
                        "--timeout DURATION",
                        "--verbose",
                        "--host ADDRESS",
                        "--port N");
        assertThat(CliRun.of("--help").out()).isEqualTo(r.out());
    }

    @Test
    void everyCommandHasHelpListingItsOptions() {
        for (Command c : Main.COMMANDS) {
            CliRun r = CliRun.of(c.name(), "--help");
            assertThat(r.exitCode()).as(c.name()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).startsWith("mtj " + c.name() + " [OPTIONS]: " + c.summary() + "\n");
            for (Option o : c.options()) {
                assertThat(r.out()).contains("  " + o.synopsis());
            }
            assertThat(CliRun.of(c.name(), "-h").out()).isEqualTo(r.out());
            // --help wins over anything else on the line, even options that would be wrong
            assertThat(CliRun.of(c.name(), "--no-such-option", "--help").out()).isEqualTo(r.out());
        }
        assertThat(CliRun.of("connect", "--help").out())
                .contains("  --telegram           dial Telegram's DC --dc-id at its listed address, trusting\n")
                .contains("  --json               print the steps and the result (or the failure) as one JSON")
                .contains("  --trust-cert FILE    trust the certificate(s) in this PEM file");
        assertThat(CliRun.of("testdc", "--help").out())
                .contains("  --mtproxy SECRET     also listen as an MTProxy with this secret")
                .contains("  --websocket          also listen for WebSocket clients")
                .contains("  --tls                with --websocket: put TLS before it");
    }

    @Test
    void noCommand() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly(
                        "mtj: no command given (commands: connect, ping, login, testdc, version, help)",
                        "run 'mtj help' for the commands and options");
    }

    @Test
    void unknownCommand() {
        CliRun r = CliRun.of("conect");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines())
                .containsExactly(
                        "mtj: unknown command 'conect' (commands: connect, ping, login, testdc, version, help)",
                        "run 'mtj help' for the commands and options");
    }

    @Test
    void badOptionOfACommand() {
        CliRun r = CliRun.of("connect", "--dc-id", "10000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines())
                .containsExactly(
                        "mtj connect: --dc-id expects an integer 1..9999, got '10000'",
                        "run 'mtj connect --help' for its options");
    }

    @Test
    void version() {
        CliRun r = CliRun.of("version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines())
                .startsWith("mtj 0.1.0-SNAPSHOT", "API layer 229")
                .endsWith("crypto self-check ok");
    }

    @Test
    void testDcRefusesANonLoopbackHost() {
        CliRun r = CliRun.of("testdc", "--host", "192.0.2.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines())
                .first()
                .isEqualTo(
                        "mtj testdc: --host expects a loopback address (127.0.0.1, ::1 or localhost), got '192.0.2.1'");
    }
}
