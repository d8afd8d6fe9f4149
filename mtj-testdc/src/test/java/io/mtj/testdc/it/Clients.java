package io.mtj.testdc.it;

import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** Client settings and helpers shared by the session tests. */
final class Clients {
    private Clients() {}

    static RsaKeyPair rsa(long seed) throws NoSuchAlgorithmException {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(seed);
        return RsaKeyPair.generate2048(seeded);
    }

    static ClientConfig.Builder config(TestDc dc) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .device(new DeviceInfo("JUnit", "Sessions 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(20))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    /** A session store in memory. */
    static final class MemoryStore implements SessionStore {
        final AtomicReference<@Nullable SessionState> saved = new AtomicReference<>();

        @Override
        public Optional<SessionState> load() {
            return Optional.ofNullable(saved.get());
        }

        @Override
        public void save(SessionState state) {
            saved.set(state);
        }

        @Override
        public void clear() {
            saved.set(null);
        }
    }
}
