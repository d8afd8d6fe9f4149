package io.mtj.testdc;

import io.mtj.api.telegram.AccountGetPassword;
import io.mtj.api.telegram.AccountPassword;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.api.telegram.AuthCheckPassword;
import io.mtj.api.telegram.AuthExportAuthorization;
import io.mtj.api.telegram.AuthExportedAuthorization;
import io.mtj.api.telegram.AuthImportAuthorization;
import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.AuthLogOut;
import io.mtj.api.telegram.AuthLoggedOut;
import io.mtj.api.telegram.AuthSendCode;
import io.mtj.api.telegram.AuthSentCode;
import io.mtj.api.telegram.AuthSentCodePaymentRequired;
import io.mtj.api.telegram.AuthSentCodeTypeApp;
import io.mtj.api.telegram.AuthSignIn;
import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputCheckPasswordSRP;
import io.mtj.api.telegram.InputUser;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.InputUserType;
import io.mtj.api.telegram.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import io.mtj.api.telegram.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000;
import io.mtj.api.telegram.UpdatesGetState;
import io.mtj.api.telegram.UpdatesState;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.tl.TlObject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The login and account methods one DC of a {@link TestCluster} answers, over the shared {@link ClusterAccounts},
 * with Telegram's errors: {@code 303 PHONE_MIGRATE_X} for auth.sendCode of a phone homed elsewhere, {@code 303
 * USER_MIGRATE_X} for auth.signIn and auth.importBotAuthorization, {@code 401 SESSION_PASSWORD_NEEDED} for an
 * account with a two-step password, {@code 401 AUTH_KEY_UNREGISTERED} for methods that need a login.
 */
final class AccountMethods {
    private final int dcId;
    private final Set<Integer> dcIds;
    private final ClusterAccounts accounts;
    private final Set<String> paymentRequired;
    private final TempKeyBindings bindings;
    private final LongPredicate temporary;

    AccountMethods(
            int dcId,
            Set<Integer> dcIds,
            ClusterAccounts accounts,
            Set<String> paymentRequired,
            TempKeyBindings bindings,
            LongPredicate temporary) {
        this.dcId = dcId;
        this.dcIds = dcIds;
        this.accounts = accounts;
        this.paymentRequired = paymentRequired;
        this.bindings = bindings;
        this.temporary = temporary;
    }

    void registerOn(TestDc dc) {
        dc.handleRequest(AuthSendCode.ID, r -> RpcAnswer.result(sendCode(r, (AuthSendCode) method(r))));
        dc.handleRequest(AuthSignIn.ID, r -> signIn(r, (AuthSignIn) method(r)));
        dc.handleRequest(AuthImportBotAuthorization.ID, r -> importBot(r, (AuthImportBotAuthorization) method(r)));
        dc.handleRequest(AccountGetPassword.ID, r -> RpcAnswer.result(getPassword(r)));
        dc.handleRequest(AuthBindTempAuthKey.ID, r -> {
            if (!temporary.test(r.authKeyId())) {
                throw new RpcFailure(400, "TEMP_AUTH_KEY_EMPTY");
            }
            bindings.bind((AuthBindTempAuthKey) method(r), r.authKeyId(), r.sessionId(), r.msgId());
            return RpcDispatcher.encodeResult(Boolean.TRUE);
        });
        dc.handleRequest(AuthCheckPassword.ID, r -> checkPassword(r, (AuthCheckPassword) method(r)));
        dc.handleRequest(
                AuthExportAuthorization.ID,
                r -> RpcAnswer.result(exportAuthorization(r, (AuthExportAuthorization) method(r))));
        dc.handleRequest(AuthImportAuthorization.ID, r -> importAuthorization(r, (AuthImportAuthorization) method(r)));
        dc.handleRequest(UsersGetUsers.ID, r -> LayeredUser.vector(getUsers(r, (UsersGetUsers) method(r)), r.layer()));
        dc.handleRequest(UpdatesGetState.ID, r -> {
            requireLogin(r);
            int now = (int) dc.now().getEpochSecond();
            return RpcAnswer.result(new UpdatesState(1, 0, now, 0, 0));
        });
        dc.handleRequest(AuthLogOut.ID, r -> RpcAnswer.result(logOut(r)));
    }

    /**
     * What an unbound temporary key may not call is refused with 401 AUTH_KEY_PERM_EMPTY: core.telegram.org/api/pfs
     * allows it auth.bindTempAuthKey, help.getConfig and help.getNearestDc only. Null lets the call through.
     */
    @Nullable
    RpcAnswer refuseUnbound(ReceivedRequest r) {
        long id = r.authKeyId();
        if (!temporary.test(id) || bindings.permanentOf(id) != null) {
            return null;
        }
        int method = r.constructorId();
        if (method == AuthBindTempAuthKey.ID || method == HelpGetConfig.ID || method == HelpGetNearestDc.ID) {
            return null;
        }
        return RpcAnswer.error(401, "AUTH_KEY_PERM_EMPTY");
    }

    private static TlObject method(ReceivedRequest r) {
        TlObject m = r.method();
        if (m == null) {
            throw new RpcFailure(400, "INPUT_FETCH_ERROR");
        }
        return m;
    }

    /**
     * The key a call acts with: its own, or for a bound temporary key the permanent one; an unbound temporary key is
     * refused with 401 AUTH_KEY_PERM_EMPTY, as Telegram refuses it.
     */
    ClusterAccounts.Key key(ReceivedRequest r) {
        long id = r.authKeyId();
        Long perm = bindings.permanentOf(id);
        if (perm != null) {
            return new ClusterAccounts.Key(dcId, perm);
        }
        if (temporary.test(id)) {
            throw new RpcFailure(401, "AUTH_KEY_PERM_EMPTY");
        }
        return new ClusterAccounts.Key(dcId, id);
    }

    private TlObject sendCode(ReceivedRequest r, AuthSendCode m) {
        ClusterAccounts.Account account =
                accounts.byPhone(m.phoneNumber()).orElseThrow(() -> new RpcFailure(400, "PHONE_NUMBER_INVALID"));
        if (account.homeDc() != dcId) {
            throw new RpcFailure(303, "PHONE_MIGRATE_" + account.homeDc());
        }
        String hash = accounts.newCode(m.phoneNumber(), dcId);
        if (paymentRequired.contains(m.phoneNumber())) {
            return new AuthSentCodePaymentRequired(
                    "mtj.test.premium", hash, "support@localhost", "login", 30, "EUR", 499);
        }
        return new AuthSentCode(new AuthSentCodeTypeApp(5), hash, null, null);
    }

    private RpcAnswer signIn(ReceivedRequest r, AuthSignIn m) {
        ClusterAccounts.Account account =
                accounts.byPhone(m.phoneNumber()).orElseThrow(() -> new RpcFailure(400, "PHONE_NUMBER_INVALID"));
        if (account.homeDc() != dcId) {
            throw new RpcFailure(303, "USER_MIGRATE_" + account.homeDc());
        }
        ClusterAccounts.CodeRequest code = accounts.code(m.phoneCodeHash());
        if (code == null || !code.phone().equals(m.phoneNumber())) {
            throw new RpcFailure(400, "PHONE_CODE_EXPIRED");
        }
        String given = m.phoneCode();
        if (given == null || given.isEmpty()) {
            throw new RpcFailure(400, "PHONE_CODE_EMPTY");
        }
        if (!given.equals(code.code())) {
            throw new RpcFailure(400, "PHONE_CODE_INVALID");
        }
        accounts.codeUsed(m.phoneCodeHash());
        if (accounts.password(account.userId()) != null) {
            accounts.awaitPassword(key(r), account.userId());
            throw new RpcFailure(401, "SESSION_PASSWORD_NEEDED");
        }
        return logIn(r, account);
    }

    private RpcAnswer importBot(ReceivedRequest r, AuthImportBotAuthorization m) {
        ClusterAccounts.Account bot =
                accounts.botByToken(m.botAuthToken()).orElseThrow(() -> new RpcFailure(401, "ACCESS_TOKEN_INVALID"));
        if (bot.homeDc() != dcId) {
            throw new RpcFailure(303, "USER_MIGRATE_" + bot.homeDc());
        }
        return logIn(r, bot);
    }

    private TlObject getPassword(ReceivedRequest r) {
        ClusterAccounts.Key key = key(r);
        Long userId = accounts.awaitingPassword(key);
        if (userId == null) {
            userId = accounts.loggedIn(dcId, key.authKeyId())
                    .map(ClusterAccounts.Account::userId)
                    .orElseThrow(() -> new RpcFailure(401, "AUTH_KEY_UNREGISTERED"));
        }
        byte[] p = DhParameters.toFixed(DhParameters.PRIME, 256);
        byte[] secureRandom = new byte[32];
        var newAlgo = new PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(
                new byte[8], new byte[16], DhParameters.G, p);
        var newSecure = new SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000(new byte[8]);
        ClusterAccounts.Password password = accounts.password(userId);
        if (password == null) {
            return AccountPassword.builder()
                    .newAlgo(newAlgo)
                    .newSecureAlgo(newSecure)
                    .secureRandom(secureRandom)
                    .build();
        }
        ClusterAccounts.Challenge c = accounts.challenge(userId, key, password);
        var current = new PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(
                password.salt1(), password.salt2(), DhParameters.G, p);
        return AccountPassword.builder()
                .hasPassword(true)
                .currentAlgo(current)
                .srpB(c.server().srpB())
                .srpId(c.srpId())
                .newAlgo(newAlgo)
                .newSecureAlgo(newSecure)
                .secureRandom(secureRandom)
                .build();
    }

    private RpcAnswer checkPassword(ReceivedRequest r, AuthCheckPassword m) {
        if (!(m.password() instanceof InputCheckPasswordSRP srp)) {
            throw new RpcFailure(400, "PASSWORD_HASH_INVALID");
        }
        ClusterAccounts.Challenge c = accounts.takeChallenge(srp.srpId());
        if (c == null || !c.key().equals(key(r))) {
            throw new RpcFailure(400, "SRP_ID_INVALID");
        }
        if (!c.server().verify(srp.a(), srp.m1())) {
            throw new RpcFailure(400, "PASSWORD_HASH_INVALID");
        }
        ClusterAccounts.Account account =
                accounts.byId(c.userId()).orElseThrow(() -> new RpcFailure(400, "SRP_ID_INVALID"));
        return logIn(r, account);
    }

    private TlObject exportAuthorization(ReceivedRequest r, AuthExportAuthorization m) {
        ClusterAccounts.Account account = requireLogin(r);
        if (!dcIds.contains(m.dcId()) || m.dcId() == dcId) {
            throw new RpcFailure(400, "DC_ID_INVALID");
        }
        ClusterAccounts.Export e = accounts.export(account.userId(), m.dcId());
        return new AuthExportedAuthorization(e.id(), e.bytes());
    }

    private RpcAnswer importAuthorization(ReceivedRequest r, AuthImportAuthorization m) {
        ClusterAccounts.Export e = accounts.takeExport(m.id());
        if (e == null || e.toDc() != dcId || !MessageDigest.isEqual(e.bytes(), m.bytes())) {
            throw new RpcFailure(400, "AUTH_BYTES_INVALID");
        }
        ClusterAccounts.Account account =
                accounts.byId(e.userId()).orElseThrow(() -> new RpcFailure(400, "AUTH_BYTES_INVALID"));
        return logIn(r, account);
    }

    private List<User> getUsers(ReceivedRequest r, UsersGetUsers m) {
        ClusterAccounts.Account self = requireLogin(r);
        List<User> out = new ArrayList<>();
        for (InputUserType input : m.id()) {
            if (input instanceof InputUserSelf) {
                out.add(user(self, true));
            } else if (input instanceof InputUser u) {
                accounts.byId(u.userId()).ifPresent(a -> out.add(user(a, a.userId() == self.userId())));
            }
        }
        return out;
    }

    private TlObject logOut(ReceivedRequest r) {
        if (!accounts.logOut(key(r))) {
            throw new RpcFailure(401, "AUTH_KEY_UNREGISTERED");
        }
        return AuthLoggedOut.builder().build();
    }

    ClusterAccounts.Account requireLogin(ReceivedRequest r) {
        return accounts.loggedIn(dcId, key(r).authKeyId())
                .orElseThrow(() -> new RpcFailure(401, "AUTH_KEY_UNREGISTERED"));
    }

    private RpcAnswer logIn(ReceivedRequest r, ClusterAccounts.Account account) {
        accounts.logIn(key(r), account.userId());
        return LayeredUser.authorization(user(account, true), r.layer());
    }

    static User user(ClusterAccounts.Account a, boolean self) {
        @Nullable String phone = a.phone();
        return User.builder()
                .self(self)
                .bot(a.bot())
                .id(a.userId())
                .accessHash(a.userId() * 31 + 7)
                .firstName(a.name())
                .phone(self ? phone : null)
                .botInfoVersion(a.bot() ? 1 : null)
                .build();
    }
}
