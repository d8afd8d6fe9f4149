package io.mtj.testdc;

import io.mtj.crypto.SrpPasswordHash;
import io.mtj.crypto.SrpServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What every DC of a {@link TestCluster} shares: accounts with their home DC (users by phone number, bots by token
 * {@code ID:SECRET}), login codes handed out, two-step passwords (only the SRP verifier is kept), which auth key is
 * logged in as whom on which DC, SRP challenges and exported authorizations. Thread-safe: DCs answer calls
 * concurrently. Secrets (codes, passwords, export bytes) are never logged.
 */
public final class ClusterAccounts {
    /** An account: a user reached by phone or a bot reached by token, living on {@code homeDc}. */
    public record Account(
            long userId,
            int homeDc,
            boolean bot,
            String name,
            @Nullable String phone) {}

    record Password(byte[] salt1, byte[] salt2, byte[] verifier) {}

    record Key(int dcId, long authKeyId) {}

    record CodeRequest(String phone, String code, int dcId) {}

    record Challenge(long srpId, long userId, Key key, SrpServer server) {}

    record Export(long id, long userId, int toDc, byte[] bytes) {}

    private final Map<String, Account> byPhone = new ConcurrentHashMap<>();
    private final Map<Long, String> botSecrets = new ConcurrentHashMap<>();
    private final Map<Long, Account> byId = new ConcurrentHashMap<>();
    private final Map<Long, Password> passwords = new ConcurrentHashMap<>();
    private final Map<Key, Long> logins = new ConcurrentHashMap<>();
    private final Map<Key, Long> awaitingPassword = new ConcurrentHashMap<>();
    private final Map<String, CodeRequest> codes = new ConcurrentHashMap<>();
    private final Map<Long, Challenge> challenges = new ConcurrentHashMap<>();
    private final Map<Long, Export> exports = new ConcurrentHashMap<>();
    private final RandomGenerator random;
    private final Function<String, String> codeFor;
    private long nextUserId = 1_000_000;

    ClusterAccounts(RandomGenerator random, Function<String, String> codeFor) {
        this.random = random;
        this.codeFor = codeFor;
    }

    // ---- accounts ----

    synchronized Account addBot(long botId, String secret, int homeDc) {
        Account a = new Account(botId, homeDc, true, "bot" + botId, null);
        if (byId.putIfAbsent(botId, a) != null) {
            throw new IllegalArgumentException("user id " + botId + " is already taken");
        }
        botSecrets.put(botId, secret);
        return a;
    }

    synchronized Account addUser(String phone, int homeDc, @Nullable String password) {
        if (byPhone.containsKey(phone)) {
            throw new IllegalArgumentException("phone " + phone + " is already taken");
        }
        long id = nextUserId++;
        Account a = new Account(id, homeDc, false, "user" + phone, phone);
        byPhone.put(phone, a);
        byId.put(id, a);
        if (password != null) {
            byte[] salt1 = bytes(40);
            byte[] salt2 = bytes(16);
            byte[] verifier = SrpPasswordHash.verifier(
                    DhParameters.G,
                    DhParameters.toFixed(DhParameters.PRIME, 256),
                    password.getBytes(StandardCharsets.UTF_8),
                    salt1,
                    salt2);
            passwords.put(id, new Password(salt1, salt2, verifier));
        }
        return a;
    }

    /** The account with this phone number. */
    public Optional<Account> byPhone(String phone) {
        return Optional.ofNullable(byPhone.get(phone));
    }

    /** The account with this user id. */
    public Optional<Account> byId(long userId) {
        return Optional.ofNullable(byId.get(userId));
    }

    /** The bot a token {@code ID:SECRET} names, if the secret matches. */
    Optional<Account> botByToken(String token) {
        int colon = token.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(token.substring(0, colon));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String secret = botSecrets.get(id);
        if (secret == null || !secret.equals(token.substring(colon + 1))) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(id));
    }

    @Nullable
    Password password(long userId) {
        return passwords.get(userId);
    }

    // ---- sessions logged in per auth key ----

    /** The user logged in with this auth key on this DC, if any. */
    public Optional<Account> loggedIn(int dcId, long authKeyId) {
        Long id = logins.get(new Key(dcId, authKeyId));
        return id == null ? Optional.empty() : byId(id);
    }

    /** How many (DC, auth key) pairs are logged in. */
    public int loginCount() {
        return logins.size();
    }

    void logIn(Key key, long userId) {
        awaitingPassword.remove(key);
        logins.put(key, userId);
    }

    boolean logOut(Key key) {
        return logins.remove(key) != null;
    }

    void awaitPassword(Key key, long userId) {
        awaitingPassword.put(key, userId);
    }

    @Nullable
    Long awaitingPassword(Key key) {
        return awaitingPassword.get(key);
    }

    // ---- codes ----

    String newCode(String phone, int dcId) {
        String hash = Long.toHexString(random.nextLong());
        codes.put(hash, new CodeRequest(phone, codeFor.apply(phone), dcId));
        return hash;
    }

    @Nullable
    CodeRequest code(String hash) {
        return codes.get(hash);
    }

    void codeUsed(String hash) {
        codes.remove(hash);
    }

    // ---- SRP ----

    /** A new SRP challenge for {@code key}; the previous one of that key is dropped. */
    Challenge challenge(long userId, Key key, Password p) {
        long srpId = random.nextLong();
        SrpServer server = new SrpServer(
                DhParameters.G,
                DhParameters.toFixed(DhParameters.PRIME, 256),
                p.salt1(),
                p.salt2(),
                p.verifier(),
                bytes(256));
        Challenge c = new Challenge(srpId, userId, key, server);
        challenges.values().removeIf(old -> old.key().equals(key));
        challenges.put(srpId, c);
        return c;
    }

    /** Takes the challenge (one attempt per srp_id, as Telegram hands out a new srp_B after a wrong password). */
    @Nullable
    Challenge takeChallenge(long srpId) {
        return challenges.remove(srpId);
    }

    // ---- export / import ----

    Export export(long userId, int toDc) {
        Export e = new Export(random.nextLong(), userId, toDc, bytes(128));
        exports.put(e.id(), e);
        return e;
    }

    @Nullable
    Export takeExport(long id) {
        return exports.remove(id);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
