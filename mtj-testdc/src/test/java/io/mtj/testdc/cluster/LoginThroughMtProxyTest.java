package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.ClientConfig;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.login.LoggedIn;
import io.mtj.core.login.Login;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bot login across DCs with every connection through one MTProxy address. Like a real MTProxy, the proxy here reads
 * the DC from each client's obfuscated header (negative for a media-only DC) and forwards the bytes unchanged to that
 * DC's MTProxy listener, which checks the secret.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoginThroughMtProxyTest {
    @Test
    void botLoginFollowsUserMigrateThroughAnMtProxyAndReachesEveryDcThroughIt() throws Exception {
        byte[] key = new byte[16];
        new SplittableRandom(8).nextBytes(key);
        MtProxySecret secret = MtProxySecret.padded(key);
        try (TestCluster cluster = TestCluster.builder()
                        .dcs(3)
                        .mtproxy(secret)
                        .bot(42, "SECRET", 3)
                        .build();
                DcRoutingProxy proxy = new DcRoutingProxy(cluster, key)) {
            ClientConfig base = DcRouterTest.baseBuilder(cluster)
                    .mtproxy(new MtProxyLink("127.0.0.1", proxy.port(), secret))
                    .build();
            try (DcRouter router = DcRouter.open(base, DcSessionStore.inMemory())) {
                LoggedIn me = new Login(router, 12345, "0123456789abcdef0123456789abcdef", new SplittableRandom(1))
                        .bot("42:SECRET");
                assertThat(me.describe()).isEqualTo("bot 42 on dc 3");
                User onDc2 = (User) router.invoke(2, new UsersGetUsers(List.of(new InputUserSelf())))
                        .get(0);
                assertThat(onDc2.id()).isEqualTo(42);
            }
            assertThat(proxy.dcsAsked).containsExactlyInAnyOrder(1, 3, 2);
            for (int dc = 1; dc <= 3; dc++) {
                assertThat(cluster.dc(dc).authKeysCreated())
                        .as("dc %d's key", dc)
                        .isEqualTo(1);
            }
        }
    }

    /** One listening address for every DC: the DC comes from the client's header, as in a real MTProxy. */
    static final class DcRoutingProxy implements AutoCloseable {
        final List<Integer> dcsAsked = new CopyOnWriteArrayList<>();
        private final TestCluster cluster;
        private final byte[] secret;
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        DcRoutingProxy(TestCluster cluster, byte[] secret) throws IOException {
            this.cluster = cluster;
            this.secret = secret.clone();
            this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("mtproxy-accept").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    Thread.ofVirtual().start(() -> relay(client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket client) {
            try {
                byte[] header = client.getInputStream().readNBytes(64);
                if (header.length < 64) {
                    client.close();
                    return;
                }
                int dc = dcOf(header);
                dcsAsked.add(Math.abs(dc));
                TestDc target = dc < 0 ? Objects.requireNonNull(cluster.mediaDc(-dc)) : cluster.dc(dc);
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(target.mtproxyAddress(), 5_000);
                upstream.getOutputStream().write(header);
                Thread.ofVirtual().start(() -> pump(upstream, client));
                pump(client, upstream);
            } catch (IOException | java.security.GeneralSecurityException e) {
                closeQuietly(client);
            }
        }

        /** The DC in an obfuscated2 header keyed with the secret: int16 at 60, after the protocol tag. */
        private int dcOf(byte[] header) throws java.security.GeneralSecurityException {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(header, 8, 32);
            sha.update(secret);
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(sha.digest(), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(header, 40, 56)));
            byte[] plain = aes.doFinal(header);
            return ByteBuffer.wrap(plain, 60, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        }

        private static void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                closeQuietly(s);
            }
        }
    }
}
