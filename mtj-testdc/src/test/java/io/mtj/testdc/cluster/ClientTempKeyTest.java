package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.HelpGetCountriesList;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.testdc.Executions;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Framing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client with temporary keys (perfect forward secrecy) against a cluster: it binds before any other request, the
 * bound key acts for the permanent key's login, a new key replaces the old three quarters into its life without a call
 * lost or run twice, a key the DC forgot (or that expired while the client was idle) is replaced, a lost connection
 * resumes under the same key after a ping proves it, and the HTTP transport binds too. One clock, moved by the tests,
 * drives both the DC and the client ({@link TempKeyCluster}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientTempKeyTest {
    private static TempKeyCluster f;

    @BeforeAll
    static void start() throws Exception {
        f = new TempKeyCluster(77);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void countByHash() {
        f.countByHash();
    }

    @Test
    void bindsBeforeAnyOtherRequestAndTheBoundKeyActsForThePermanentKeysLogin() throws Exception {
        TestDc dc = f.cluster.dc(1);
        TempKeyCluster.drainRequests(dc);
        try (TelegramClient client = f.tempKeyClient()) {
            client.connect();
            long perm = client.authKeyId().orElseThrow();
            long temp = f.boundKey(client);
            assertThat(temp).isNotEqualTo(perm);
            assertThat(f.cluster.isTemporaryKey(1, temp)).isTrue();
            assertThat(f.cluster.isTemporaryKey(1, perm)).isFalse();

            // the first request under the temporary key is the binding; nothing at all goes out under the permanent one
            List<ReceivedRequest> seen = TempKeyCluster.drainRequests(dc);
            assertThat(seen).extracting(ReceivedRequest::authKeyId).doesNotContain(perm);
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(0).authKeyId()).isEqualTo(temp);
            assertThat(seen.get(0).method()).isInstanceOf(AuthBindTempAuthKey.class);

            client.invokeBlocking(new AuthImportBotAuthorization(0, 12345, "0123456789abcdef", "42:SECRET"));
            User self = (User) client.invokeBlocking(new UsersGetUsers(List.of(new InputUserSelf())))
                    .get(0);
            assertThat(self.id()).isEqualTo(42);
            assertThat(f.cluster.accounts().dcsLoggedIn(42)).containsExactly(1);
        }
    }

    @Test
    void threeQuartersIntoItsLifeANewKeyTakesOverWithNoCallLostOrRunTwice() throws Exception {
        try (TelegramClient client = f.tempKeyClient()) {
            client.connect();
            long first = f.boundKey(client);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger done = new AtomicInteger();
            AtomicIntegerArray doneBy = new AtomicIntegerArray(3);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Integer> sent = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int base = t * 100_000;
                int caller = t;
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int i = base; !stop.get() && i < base + 10_000; i++) {
                        sent.add(i);
                        try {
                            client.invokeBlocking(new HelpGetCountriesList("en", i));
                            doneBy.incrementAndGet(caller);
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            TempKeyCluster.await(() -> done.get() >= 10 || !failures.isEmpty(), "ten calls under the first key");
            // past three quarters of the key's life in steps of 200 s, each caller completing a call between steps:
            // every message in flight was then made after the last step and stays inside the 300 s msg_id windows
            // (the DC's for requests, the client's for answers), as it would with a clock that runs instead of jumps.
            // One caller's call completing was not enough: another's call could stay in flight across two steps (400
            // s), its answer then dropped by the client as too old and the call ending unknown (1 run in 60)
            Duration moved = Duration.ZERO;
            while (moved.compareTo(
                            TempKeyCluster.LIFETIME.multipliedBy(3).dividedBy(4).plusMinutes(1))
                    < 0) {
                f.clock.advance(Duration.ofSeconds(200));
                moved = moved.plusSeconds(200);
                int[] now = {doneBy.get(0), doneBy.get(1), doneBy.get(2)};
                TempKeyCluster.await(
                        () -> (doneBy.get(0) > now[0] && doneBy.get(1) > now[1] && doneBy.get(2) > now[2])
                                || !failures.isEmpty(),
                        "a call of each caller after moving the clock");
            }
            TempKeyCluster.await(
                    () -> f.cluster
                                            .boundTempKey(1, client.authKeyId().orElseThrow())
                                            .orElse(first)
                                    != first
                            || !failures.isEmpty(),
                    "a new key bound");
            long second = f.boundKey(client);
            int before = done.get();
            TempKeyCluster.await(() -> done.get() >= before + 10 || !failures.isEmpty(), "ten calls after the renewal");
            stop.set(true);
            for (Thread t : callers) {
                t.join(Duration.ofSeconds(60));
            }
            assertThat(failures).isEmpty();
            assertThat(second).isNotEqualTo(first);
            assertThat(f.cluster.isTemporaryKey(1, second)).isTrue();
            Executions runs = f.cluster.dc(1).executions();
            for (int hash : sent) {
                assertThat(runs.count(hash)).as("executions of call %d", hash).isEqualTo(1);
            }
            assertThat(runs.executedMoreThanOnce()).isZero();
            assertThat(f.keysThatRan).contains(first, second);
            // the client went on with the new key: a call now runs under it
            f.keysThatRan.clear();
            client.invokeBlocking(new HelpGetCountriesList("en", 999_999));
            assertThat(f.keysThatRan).containsExactly(second);
        }
        // the clock stays where it is: the DC and later clients read it alike
    }

    @Test
    void aKeyTheDcForgotIsReplacedACallWrittenUnderItEndsUnknownAndNoneRunsTwice() throws Exception {
        try (TelegramClient client = f.tempKeyClient()) {
            client.connect();
            long first = f.boundKey(client);
            client.invokeBlocking(new HelpGetCountriesList("en", 1));
            assertThat(f.cluster.forgetTempKey(1, first)).isTrue();

            // written on the open connection under the forgotten key: the DC answers -404 without decrypting it, but
            // nothing proves that to the client, so it is never re-sent
            var written = client.invoke(new HelpGetCountriesList("en", 2));
            assertThatThrownBy(written::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(OutcomeUnknownException.class);

            f.awaitNewKey(client, first);
            long second = f.boundKey(client);
            client.invokeBlocking(new HelpGetCountriesList("en", 3));

            Executions runs = f.cluster.dc(1).executions();
            assertThat(runs.count(1)).isEqualTo(1);
            assertThat(runs.count(2)).isZero();
            assertThat(runs.count(3)).isEqualTo(1);
            assertThat(second).isNotEqualTo(first);
            assertThat(f.cluster.isTemporaryKey(1, second)).isTrue();
            assertThat(f.keysThatRan).containsExactlyInAnyOrder(first, second);
        }
    }

    @Test
    void aCallMadeWhileTheForgottenKeysConnectionIsDownRunsOnceUnderTheNewKey() throws Exception {
        try (TelegramClient client = f.tempKeyClient()) {
            client.connect();
            long first = f.boundKey(client);
            f.cluster.forgetTempKey(1, first);
            f.cluster.dc(1).faults().transportErrorNow(-404);
            TempKeyCluster.await(() -> !TempKeyCluster.connected(client), "the client sees the connection end");

            // never written under the old key: it waits, then goes out in the new key's session, once
            client.invokeBlocking(new HelpGetCountriesList("en", 10));
            long second = f.boundKey(client);
            assertThat(second).isNotEqualTo(first);
            assertThat(f.cluster.dc(1).executions().count(10)).isEqualTo(1);
            assertThat(f.keysThatRan).containsExactly(second);
        }
    }

    @Test
    void aLostConnectionIsResumedUnderTheSameKeyAfterAPingProvesTheDcStillKnowsIt() throws Exception {
        try (TelegramClient client = f.tempKeyClient()) {
            client.connect();
            long first = f.boundKey(client);
            long sessionBefore = ClientAccess.session(client).orElseThrow().sessionId();
            int pingsBefore = f.cluster.dc(1).executions().count(List.of("ping", first));
            f.cluster.dc(1).faults().closeNow();
            TempKeyCluster.await(() -> !TempKeyCluster.connected(client), "the client sees the connection end");
            client.invokeBlocking(new HelpGetCountriesList("en", 60));
            assertThat(f.boundKey(client)).isEqualTo(first);
            assertThat(ClientAccess.session(client).orElseThrow().sessionId()).isEqualTo(sessionBefore);
            assertThat(f.keysThatRan).containsExactly(first);
            assertThat(f.cluster.dc(1).executions().count(60)).isEqualTo(1);
            assertThat(f.cluster.dc(1).executions().count(List.of("ping", first)))
                    .as("the probe before the session is put back")
                    .isGreaterThan(pingsBefore);
        }
    }

    @Test
    void aClientIdlePastItsKeysExpiryRunsNoCallTwiceAndGoesOnUnderANewKey() throws Exception {
        try (TelegramClient client = f.tempKeyClient()) {
            client.connect();
            long first = f.boundKey(client);
            // idle, nothing in flight: the clock jumps past expires_at at once, as after a suspended laptop wakes
            f.clock.advance(TempKeyCluster.LIFETIME.plusMinutes(5));
            var early = client.invoke(new HelpGetCountriesList("en", 50));
            Throwable earlyFailure = null;
            try {
                early.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                earlyFailure = e.getCause();
            }
            Executions runs = f.cluster.dc(1).executions();
            if (earlyFailure != null) {
                // written under the expired key before the new one was bound: never re-sent, and the DC never ran it
                assertThat(earlyFailure).isInstanceOf(OutcomeUnknownException.class);
                assertThat(runs.count(50)).isZero();
            } else {
                assertThat(runs.count(50)).isEqualTo(1);
            }
            f.awaitNewKey(client, first);
            client.invokeBlocking(new HelpGetCountriesList("en", 51));
            assertThat(runs.count(51)).isEqualTo(1);
            assertThat(f.keysThatRan).doesNotContain(first).contains(f.boundKey(client));
        }
    }

    @Test
    void overTheHttpTransportTheKeyIsBoundAndCallsRun() throws Exception {
        try (TelegramClient client = new TelegramClient(f.config(1)
                .tempKeys(TempKeyCluster.LIFETIME)
                .framing(Framing.HTTP)
                .build())) {
            client.connect();
            long temp = f.boundKey(client);
            client.invokeBlocking(new HelpGetCountriesList("en", 30));
            assertThat(f.keysThatRan).containsExactly(temp);
            assertThat(f.cluster.dc(1).executions().count(30)).isEqualTo(1);
        }
    }
}
