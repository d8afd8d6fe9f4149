package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.login.LoggedIn;
import io.mtj.core.login.Login;
import io.mtj.testdc.TestCluster;
import io.mtj.testkit.RealProxies;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.proxy.ProxyUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bot login across DCs with every connection, to every DC, through a real SOCKS5 proxy (dante). */
class LoginThroughProxyTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @Test
    void botLoginFollowsUserMigrateThroughSocks5AndExportsThroughItToo() throws Exception {
        try (TestCluster cluster =
                        TestCluster.builder().dcs(3).bot(42, "SECRET", 3).build();
                RealProxies.Running dante = RealProxies.danted(dir, false)) {
            Dialer socks = ProxyUri.parse("socks5://127.0.0.1:" + dante.port()).dialer(Dialer.DIRECT);
            List<Integer> dialled = new CopyOnWriteArrayList<>();
            Dialer counting = (target, timeout) -> {
                dialled.add(target.getPort());
                return socks.dial(target, timeout);
            };
            ClientConfig base = ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                    .endpoint(Endpoint.of("127.0.0.1", cluster.dc(1).port(), 1))
                    .serverKeys(List.of(cluster.dc(1).publicKey()))
                    .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                    .dialer(counting)
                    .callTimeout(Duration.ofSeconds(30))
                    .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO))
                    .build();
            try (DcRouter router = DcRouter.open(base, DcSessionStore.inMemory())) {
                LoggedIn me = new Login(router, 12345, "0123456789abcdef0123456789abcdef", new SplittableRandom(1))
                        .bot("42:SECRET");
                assertThat(me.describe()).isEqualTo("bot 42 on dc 3");
                User onDc2 = (User) router.invoke(2, new UsersGetUsers(List.of(new InputUserSelf())))
                        .get(0);
                assertThat(onDc2.id()).isEqualTo(42);
            }
            assertThat(Set.copyOf(dialled))
                    .containsExactlyInAnyOrder(
                            cluster.dc(1).port(),
                            cluster.dc(2).port(),
                            cluster.dc(3).port());
        }
    }
}
