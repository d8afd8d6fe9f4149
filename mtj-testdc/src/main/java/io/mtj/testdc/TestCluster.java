package io.mtj.testdc;

import io.mtj.api.telegram.DcOption;
import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.tl.TlMethod;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A local Telegram of N data centres (1..5) on loopback, for tests, the CLI and foreign clients. Each DC is a
 * {@link TestDc} for its main address plus, unless turned off, a second one for its media-only address; all use the
 * same RSA key, and each DC's two listeners share that DC's auth keys (a key made on one DC is unknown to the
 * others, as on Telegram). {@code help.getConfig} on any of them lists every DC's main and media-only addresses
 * (with the {@code media_only} and {@code ipv6} flags) and names the DC answering as {@code this_dc}.
 *
 * <p>The DCs share {@link ClusterAccounts}: users by phone number and bots by token, each homed on one DC, and the
 * migrations Telegram answers with: {@code PHONE_MIGRATE_X} to auth.sendCode, {@code USER_MIGRATE_X} to auth.signIn
 * and auth.importBotAuthorization, and {@code NETWORK_MIGRATE_X} on demand ({@link #networkMigrate}). Login codes
 * come from {@link Builder#loginCodes} (default {@code 12345}); two-step passwords are checked by SRP ({@code
 * account.getPassword}, {@code auth.checkPassword}); {@code auth.exportAuthorization} on one DC and {@code
 * auth.importAuthorization} on another log the same account in there. A document put on one DC ({@link
 * #putDocument}) is read there by upload.getFile, and every other DC answers {@code FILE_MIGRATE_X}.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder().dcs(3).bot(42, "SECRET", 3).build()) {
 *     // dial cluster.dc(1).address() with cluster.publicKeyPem(); importBotAuthorization answers USER_MIGRATE_3
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {
    /** The most DCs a cluster runs (Telegram has five). */
    public static final int MAX_DCS = 5;

    private final Map<Integer, TestDc> main = new LinkedHashMap<>();
    private final Map<Integer, TestDc> media = new LinkedHashMap<>();
    private final ClusterAccounts accounts;
    private final RsaKeyPair rsa;
    private final Map<Integer, AuthKeyStore> keyStores = new java.util.HashMap<>();
    private final Map<Long, Integer> documentHome = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, TempKeyBindings> bindings = new java.util.HashMap<>();

    private TestCluster(Builder b) throws IOException {
        this.rsa = b.rsa != null ? b.rsa : RsaKeyPair.generate2048();
        this.accounts = new ClusterAccounts(b.random, b.codes);
        Set<Integer> ids = new HashSet<>();
        for (int id = 1; id <= b.dcs; id++) {
            ids.add(id);
        }
        try {
            for (int id = 1; id <= b.dcs; id++) {
                AuthKeyStore keys = AuthKeyStore.inMemory();
                keyStores.put(id, keys);
                FileStore files = new FileStore();
                main.put(id, dc(b, id, keys, files));
                if (b.media) {
                    media.put(id, dc(b, id, keys, files));
                }
            }
            for (Builder.BotSpec bot : b.bots) {
                accounts.addBot(bot.id(), bot.secret(), requireDc(bot.dc(), b.dcs));
            }
            for (Builder.UserSpec user : b.users) {
                accounts.addUser(user.phone(), requireDc(user.dc(), b.dcs), user.password());
            }
            for (int id = 1; id <= b.dcs; id++) {
                TestDc mainDc = dc(id);
                TestDc mediaDc = media.get(id);
                AuthKeyStore keys = java.util.Objects.requireNonNull(keyStores.get(id));
                TempKeyBindings dcBindings = new TempKeyBindings(keys::load);
                bindings.put(id, dcBindings);
                AccountMethods methods = new AccountMethods(
                        id,
                        Set.copyOf(ids),
                        accounts,
                        Set.copyOf(b.paymentRequired),
                        dcBindings,
                        key -> mainDc.isTemporaryKey(key) || (mediaDc != null && mediaDc.isTemporaryKey(key)));
                register(mainDc, methods);
                if (mediaDc != null) {
                    register(mediaDc, methods);
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static int requireDc(int dc, int dcs) {
        if (dc < 1 || dc > dcs) {
            throw new IllegalArgumentException("dc " + dc + " is not in this cluster of " + dcs + " DCs");
        }
        return dc;
    }

    private TestDc dc(Builder b, int id, AuthKeyStore keys, FileStore files) throws IOException {
        TestDc.Builder dc = TestDc.builder();
        if (b.mtproxy != null) {
            dc.mtproxy(b.mtproxy);
        }
        return dc.dcId(id)
                .rsaKey(rsa)
                .authKeyStore(keys)
                .files(files)
                .ipv6(b.ipv6)
                .clock(b.clock)
                .random(b.random)
                .build();
    }

    private void register(TestDc dc, AccountMethods methods) {
        methods.registerOn(dc);
        dc.guardRequests(methods::refuseUnbound);
        FileHandlers files = new FileHandlers(dc.files());
        dc.handleRequest(UploadGetFile.ID, r -> {
            methods.requireLogin(r);
            UploadGetFile call = (UploadGetFile) java.util.Objects.requireNonNull(r.method());
            if (call.location() instanceof InputDocumentFileLocation doc) {
                Integer home = documentHome.get(doc.id());
                if (home != null && home != dc.dcId()) {
                    throw new RpcFailure(303, "FILE_MIGRATE_" + home);
                }
            }
            return RpcAnswer.result(files.getFile(call));
        });
        dc.handleRequest(
                ServiceIds.HELP_GET_CONFIG,
                r -> RpcAnswer.result(
                        DcConfig.withOptions(dc.dcId(), (int) dc.now().getEpochSecond(), false, dcOptions())));
    }

    /** Every DC's addresses as help.getConfig lists them: main ones, then media-only ones, per DC in order. */
    public List<DcOption> dcOptions() {
        List<DcOption> out = new ArrayList<>();
        for (Map.Entry<Integer, TestDc> e : main.entrySet()) {
            addOptions(out, e.getKey(), e.getValue().addresses(), false);
            TestDc m = media.get(e.getKey());
            if (m != null) {
                addOptions(out, e.getKey(), m.addresses(), true);
            }
        }
        return out;
    }

    private static void addOptions(List<DcOption> out, int id, List<InetSocketAddress> addresses, boolean mediaOnly) {
        for (InetSocketAddress a : addresses) {
            out.add(DcOption.builder()
                    .ipv6(a.getAddress() instanceof Inet6Address)
                    .mediaOnly(mediaOnly)
                    .id(id)
                    .ipAddress(a.getAddress().getHostAddress())
                    .port(a.getPort())
                    .build());
        }
    }

    /**
     * Stores a document on DC {@code dc} (its main and media-only addresses): upload.getFile of {@code
     * inputDocumentFileLocation(id, accessHash)} answers it there and {@code 303 FILE_MIGRATE_dc} on every other DC.
     */
    public void putDocument(int dc, long id, long accessHash, byte[] content) {
        dc(dc).files().putDocument(id, accessHash, content);
        documentHome.put(id, dc);
    }

    /** A builder: 3 DCs, media-only addresses on, no accounts, code 12345 for every phone. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many DCs run. */
    public int dcCount() {
        return main.size();
    }

    /** DC {@code id}'s main {@link TestDc}. */
    public TestDc dc(int id) {
        TestDc dc = main.get(id);
        if (dc == null) {
            throw new IllegalArgumentException("no dc " + id + " in this cluster of " + main.size());
        }
        return dc;
    }

    /** DC {@code id}'s media-only {@link TestDc}, or null when media addresses are off. */
    public @Nullable TestDc mediaDc(int id) {
        dc(id);
        return media.get(id);
    }

    /** The shared RSA public key as PEM. */
    public String publicKeyPem() {
        return rsa.publicKey().toPem();
    }

    /** The shared accounts and logins. */
    public ClusterAccounts accounts() {
        return accounts;
    }

    /**
     * Answers the next call of {@code method} on DC {@code from} (main address) with {@code 303 NETWORK_MIGRATE_to},
     * as Telegram does when it wants a client to use another DC for its network.
     */
    public void networkMigrate(int from, Class<? extends TlMethod<?>> method, int to) {
        dc(to);
        dc(from).enqueue(method, RpcAnswer.error(303, "NETWORK_MIGRATE_" + to));
    }

    /**
     * The temporary key DC {@code dc} has bound to permanent key {@code permKeyId} (auth.bindTempAuthKey), if any: a
     * binding replaces the key's previous one, as on Telegram.
     */
    public Optional<Long> boundTempKey(int dc, long permKeyId) {
        dc(dc);
        return Optional.ofNullable(
                java.util.Objects.requireNonNull(bindings.get(dc)).temporaryOf(permKeyId));
    }

    /** Whether {@code authKeyId} was made on DC {@code dc} as a temporary key (p_q_inner_data_temp_dc). */
    public boolean isTemporaryKey(int dc, long authKeyId) {
        TestDc mediaDc = mediaDc(dc);
        return dc(dc).isTemporaryKey(authKeyId) || (mediaDc != null && mediaDc.isTemporaryKey(authKeyId));
    }

    /**
     * Makes DC {@code dc} forget temporary key {@code tempKeyId} at once, as after a restart or an early expiry: from
     * now on a packet under it is answered with transport error -404, and its binding is gone. Connections stay open
     * (the next packet under the key meets the -404).
     *
     * @return false if it is not a temporary key of that DC
     */
    public boolean forgetTempKey(int dc, long tempKeyId) {
        TestDc mediaDc = mediaDc(dc);
        boolean known = dc(dc).forgetTempKey(tempKeyId);
        if (mediaDc != null) {
            known |= mediaDc.forgetTempKey(tempKeyId);
        }
        java.util.Objects.requireNonNull(bindings.get(dc)).forget(tempKeyId);
        return known;
    }

    /** Closes every DC. */
    @Override
    public void close() {
        for (TestDc dc : main.values()) {
            dc.close();
        }
        for (TestDc dc : media.values()) {
            dc.close();
        }
    }

    /** Configures and starts a {@link TestCluster}. */
    public static final class Builder {
        record BotSpec(long id, String secret, int dc) {}

        record UserSpec(String phone, int dc, @Nullable String password) {}

        private int dcs = 3;
        private boolean media = true;
        private boolean ipv6;
        private io.mtj.transport.mtproxy.@Nullable MtProxySecret mtproxy;
        private @Nullable RsaKeyPair rsa;
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new SecureRandom();
        private Function<String, String> codes = phone -> "12345";
        private final List<BotSpec> bots = new ArrayList<>();
        private final List<UserSpec> users = new ArrayList<>();
        private final Set<String> paymentRequired = new HashSet<>();

        private Builder() {}

        /** Number of DCs, 1..5 (default 3). */
        public Builder dcs(int dcs) {
            if (dcs < 1 || dcs > MAX_DCS) {
                throw new IllegalArgumentException("a cluster has 1.." + MAX_DCS + " DCs, got " + dcs);
            }
            this.dcs = dcs;
            return this;
        }

        /**
         * Gives every DC (main and media-only) an MTProxy listener accepting {@code secret}, at {@code
         * dc(id).mtproxyAddress()}; a proxy in front of them picks the DC from each client's header.
         */
        public Builder mtproxy(io.mtj.transport.mtproxy.MtProxySecret secret) {
            this.mtproxy = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** Whether each DC also has a media-only address (default true). */
        public Builder media(boolean media) {
            this.media = media;
            return this;
        }

        /** Also listen on ::1 (default false). */
        public Builder ipv6(boolean ipv6) {
            this.ipv6 = ipv6;
            return this;
        }

        /** The RSA key every DC uses (default a fresh one). */
        public Builder rsaKey(RsaKeyPair rsa) {
            this.rsa = Objects.requireNonNull(rsa, "rsa");
            return this;
        }

        /** The clock of every DC. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The randomness of every DC and of the accounts (codes hashes, salts, SRP). */
        public Builder random(RandomGenerator random) {
            this.random = new LockedRandom(Objects.requireNonNull(random, "random"));
            return this;
        }

        /** The login code each phone number is sent (default {@code 12345} for all). */
        public Builder loginCodes(Function<String, String> codes) {
            this.codes = Objects.requireNonNull(codes, "codes");
            return this;
        }

        /** A bot with token {@code id:secret} homed on {@code dc}. */
        public Builder bot(long id, String secret, int dc) {
            if (id <= 0 || secret.isEmpty() || secret.contains(":")) {
                throw new IllegalArgumentException("a bot needs a positive id and a secret without ':'");
            }
            bots.add(new BotSpec(id, secret, dc));
            return this;
        }

        /** A user with this phone number homed on {@code dc}, with a two-step password when not null. */
        public Builder user(String phone, int dc, @Nullable String password) {
            if (phone.isEmpty()) {
                throw new IllegalArgumentException("a user needs a phone number");
            }
            users.add(new UserSpec(phone, dc, password));
            return this;
        }

        /** auth.sendCode for this phone answers auth.sentCodePaymentRequired. */
        public Builder paymentRequired(String phone) {
            paymentRequired.add(phone);
            return this;
        }

        /** Starts every DC. */
        public TestCluster build() throws IOException {
            return new TestCluster(this);
        }
    }
}
