package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.HelpGetCountriesList;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.TelegramClient;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Temporary keys where a client does not configure them and where its permanent key is refused: DcRouter's download
 * and upload connections bind their own keys to the DC's permanent key (both acting at once), and a stored permanent
 * key the DC refuses to bind to is replaced by a new one (core.telegram.org/api/pfs).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TempKeyConnectionsTest {
    private static TempKeyCluster f;

    @BeforeAll
    static void start() throws Exception {
        f = new TempKeyCluster(79);
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
    void aDcRouterDownloadConnectionUsesATemporaryKeyBoundToTheDcsPermanentKey() throws Exception {
        // temporary keys are not configured: the main connection uses the permanent key, the download one binds
        try (DcRouter router = DcRouter.open(f.config(2).build(), DcSessionStore.inMemory())) {
            router.invoke(2, new HelpGetNearestDc());
            router.invoke(2, DcRouter.Traffic.DOWNLOAD, new HelpGetCountriesList("en", 20));
            assertThat(f.keysThatRan).hasSize(1);
            long downloadKey = f.keysThatRan.iterator().next();
            assertThat(f.cluster.isTemporaryKey(2, downloadKey)).isTrue();
            Optional<Long> perm = f.permanentKeyOf(2, downloadKey);
            assertThat(perm).isPresent();
            assertThat(f.cluster.isTemporaryKey(2, perm.get())).isFalse();
        }
    }

    @Test
    void downloadAndUploadConnectionsOfOneDcEachBindTheirOwnKeyToItsPermanentKeyAndBothAct() throws Exception {
        try (DcRouter router = DcRouter.open(f.config(1).build(), DcSessionStore.inMemory())) {
            router.invoke(new AuthImportBotAuthorization(0, 12345, "0123456789abcdef", "42:SECRET"));
            UsersGetUsers self = new UsersGetUsers(List.of(new InputUserSelf()));
            assertThat(((User) router.invoke(1, DcRouter.Traffic.DOWNLOAD, self).get(0)).id())
                    .isEqualTo(42);
            assertThat(((User) router.invoke(1, DcRouter.Traffic.UPLOAD, self).get(0)).id())
                    .isEqualTo(42);
            // the download connection's key is still bound after the upload connection bound its own
            assertThat(((User) router.invoke(1, DcRouter.Traffic.DOWNLOAD, self).get(0)).id())
                    .isEqualTo(42);
        }
    }

    @Test
    void aStoredPermanentKeyTheDcRefusesToBindToIsReplacedByANewOne() throws Exception {
        byte[] unknown = new byte[256];
        new java.util.SplittableRandom(5).nextBytes(unknown);
        long unknownId = io.mtj.crypto.KeyDerivation.authKeyId(unknown);
        MemoryStore store =
                new MemoryStore(new SessionState(1, "127.0.0.1", f.cluster.dc(1).port(), unknown, 0L, 0L, List.of()));
        try (TelegramClient client = new TelegramClient(f.config(1)
                .tempKeys(TempKeyCluster.LIFETIME)
                .sessionStore(store)
                .build())) {
            client.connect();
            long perm = client.authKeyId().orElseThrow();
            assertThat(perm).isNotEqualTo(unknownId);
            assertThat(f.cluster.boundTempKey(1, perm)).isPresent();
            assertThat(f.cluster.boundTempKey(1, unknownId)).isEmpty();
            client.invokeBlocking(new HelpGetCountriesList("en", 40));
            assertThat(f.cluster.dc(1).executions().count(40)).isEqualTo(1);
        }
        assertThat(store.state).isNotNull();
        assertThat(io.mtj.crypto.KeyDerivation.authKeyId(store.state.authKey())).isNotEqualTo(unknownId);
    }

    /** A session store in memory. */
    static final class MemoryStore implements SessionStore {
        volatile @Nullable SessionState state;

        MemoryStore(SessionState state) {
            this.state = state;
        }

        @Override
        public Optional<SessionState> load() {
            return Optional.ofNullable(state);
        }

        @Override
        public void save(SessionState s) {
            state = s;
        }

        @Override
        public void clear() {
            state = null;
        }
    }
}
