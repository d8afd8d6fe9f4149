package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The --chaos grammar and the random choices it makes from its seed. */
class ChaosSpecTest {
    @Test
    void theIssuesExampleParses() {
        ChaosSpec spec = ChaosSpec.parse("close-every=64KB,kill=random,skew=+3600s", 7);
        assertThat(spec).isEqualTo(new ChaosSpec(65536, ChaosSpec.Kill.RANDOM, 100, 0, Duration.ofHours(1), 7));
        assertThat(spec.toString()).isEqualTo("close-every=65536B,kill=random,kill-every=100,skew=+3600s,seed=7");
    }

    @Test
    void everyItemAndUnitParses() {
        assertThat(ChaosSpec.parse(
                        " close-every=3MB , kill=mid-answer, kill-every=5, forget-every=9, skew=-2m, seed=-4", 0))
                .isEqualTo(new ChaosSpec(3 << 20, ChaosSpec.Kill.MID_ANSWER, 5, 9, Duration.ofMinutes(-2), -4));
        assertThat(ChaosSpec.parse("close-every=100", 1).closeEveryBytes()).isEqualTo(100);
        assertThat(ChaosSpec.parse("close-every=100b", 1).closeEveryBytes()).isEqualTo(100);
        assertThat(ChaosSpec.parse("skew=30", 1).skew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ChaosSpec.parse("skew=1h", 1).skew()).isEqualTo(Duration.ofHours(1));
        assertThat(ChaosSpec.parse("kill=none", 1).kill()).isNull();
        assertThat(ChaosSpec.parse("kill=after-ack", 1).kill()).isEqualTo(ChaosSpec.Kill.AFTER_ACK);
    }

    @Test
    void mistakesAreNamedWithWhatWasExpected() {
        assertThatThrownBy(() -> ChaosSpec.parse("kill=often", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chaos spec item 'kill=often': expected random, before-execute, after-execute, after-ack,"
                        + " mid-answer or none");
        assertThatThrownBy(() -> ChaosSpec.parse("close-every=lots", 1))
                .hasMessage("chaos spec item 'close-every=lots': 'LOTS' is not a whole number");
        assertThatThrownBy(() -> ChaosSpec.parse("close-every=0KB", 1))
                .hasMessage("chaos spec item 'close-every=0KB': expected a positive size such as 64KB");
        assertThatThrownBy(() -> ChaosSpec.parse("jitter=5", 1))
                .hasMessage("chaos spec item 'jitter=5': unknown name 'jitter' (expected close-every, kill,"
                        + " kill-every, forget-every, skew or seed)");
        assertThatThrownBy(() -> ChaosSpec.parse("kill", 1))
                .hasMessage("chaos spec item 'kill' is not name=value (in 'kill')");
        assertThatThrownBy(() -> ChaosSpec.parse("kill=random,kill=none", 1))
                .hasMessage("chaos spec names 'kill' twice (in 'kill=random,kill=none')");
        assertThatThrownBy(() -> ChaosSpec.parse("kill-every=3", 1))
                .hasMessage("chaos spec sets kill-every without kill (in 'kill-every=3')");
        assertThatThrownBy(() -> ChaosSpec.parse("kill-every=0,kill=random", 1))
                .hasMessage("chaos spec item 'kill-every=0': expected a whole number of at least 1");
        assertThatThrownBy(() -> ChaosSpec.parse("", 1))
                .hasMessage("chaos spec is empty; expected items such as close-every=64KB,kill=random");
    }

    @Test
    void randomKillsPickEachOfTheFourEffectsAboutOnceInKillEveryRequests() {
        Chaos chaos = new Chaos(ChaosSpec.parse("kill=random,kill-every=10,seed=42", 0));
        Map<CallEffect, Integer> picked = new HashMap<>();
        int none = 0;
        for (int i = 0; i < 10_000; i++) {
            CallEffect e = chaos.pick();
            if (e == null) {
                none++;
            } else {
                picked.merge(e, 1, Integer::sum);
            }
        }
        assertThat(picked).containsOnlyKeys(CallEffect.Close.values());
        assertThat(10_000 - none).isBetween(850, 1150);
        Chaos again = new Chaos(ChaosSpec.parse("kill=random,kill-every=10,seed=42", 0));
        Chaos same = new Chaos(ChaosSpec.parse("kill=random,kill-every=10,seed=42", 0));
        for (int i = 0; i < 1000; i++) {
            assertThat(again.pick()).isEqualTo(same.pick());
        }
    }

    @Test
    void chaosOnTheDcClosesAfterExecutingAndTheAnswerComesOnTheNextConnection() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(TestKeys.RSA).build()) {
            dc.faults().chaos(ChaosSpec.parse("kill=after-execute,kill-every=1,skew=+10s", 3));
            assertThat(dc.faults().clockSkew()).isEqualTo(Duration.ofSeconds(10));
            MiniClient client = MiniClient.connect(dc.address());
            ClientHandshake h = ClientHandshake.complete(client, dc.publicKey(), new java.util.SplittableRandom(5), 2);
            ClientSession session = ClientSession.of(client, h, 77);
            long ping = session.send(ClientSession.ping(1));
            assertThat(client.drainToEof()).isZero();
            dc.faults().clear();
            session.reconnect(dc.address());
            long second = session.send(ClientSession.ping(2));
            java.util.List<ClientSession.Message> got = session.receiveThrough(ServiceIds.PONG);
            java.util.List<Long> pongs = new java.util.ArrayList<>();
            for (ClientSession.Message m : got) {
                if (m.constructorId() == ServiceIds.PONG) {
                    pongs.add(m.reader().readLong());
                }
            }
            assertThat(pongs).containsExactly(ping, second);
            assertThat(dc.executions().total()).isEqualTo(2);
            assertThat(dc.executions().executedMoreThanOnce()).isZero();
            session.client.close();
        }
    }
}
