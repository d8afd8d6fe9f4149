package io.mtj.core.login;

import io.mtj.api.telegram.AccountGetPassword;
import io.mtj.api.telegram.AccountPassword;
import io.mtj.api.telegram.AuthAuthorization;
import io.mtj.api.telegram.AuthAuthorizationSignUpRequired;
import io.mtj.api.telegram.AuthAuthorizationType;
import io.mtj.api.telegram.AuthCheckPassword;
import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.AuthLogOut;
import io.mtj.api.telegram.AuthSendCode;
import io.mtj.api.telegram.AuthSentCode;
import io.mtj.api.telegram.AuthSentCodePaymentRequired;
import io.mtj.api.telegram.AuthSentCodeSuccess;
import io.mtj.api.telegram.AuthSentCodeType;
import io.mtj.api.telegram.AuthSentCodeTypeApp;
import io.mtj.api.telegram.AuthSentCodeTypeCall;
import io.mtj.api.telegram.AuthSentCodeTypeFlashCall;
import io.mtj.api.telegram.AuthSentCodeTypeKind;
import io.mtj.api.telegram.AuthSentCodeTypeSms;
import io.mtj.api.telegram.AuthSignIn;
import io.mtj.api.telegram.CodeSettings;
import io.mtj.api.telegram.InputCheckPasswordSRP;
import io.mtj.api.telegram.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UserType;
import io.mtj.core.RpcException;
import io.mtj.core.dc.DcRouter;
import io.mtj.crypto.Srp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * The login flows over a {@link DcRouter} (which follows {@code PHONE_MIGRATE} and {@code USER_MIGRATE} to the
 * account's home DC):
 *
 * <ul>
 *   <li>{@link #bot}: auth.importBotAuthorization with the token {@code ID:SECRET};
 *   <li>{@link #phone}: auth.sendCode, the code from {@link LoginCallbacks#code}, auth.signIn; on {@code 401
 *       SESSION_PASSWORD_NEEDED} account.getPassword, the password from {@link LoginCallbacks#password}, SRP ({@link
 *       Srp}) and auth.checkPassword. A wrong code or password is asked for again, up to {@value #ATTEMPTS} times.
 * </ul>
 *
 * Codes and passwords are never logged nor put in exception messages.
 */
public final class Login {
    /** How many times a code or a password is asked for. */
    public static final int ATTEMPTS = 3;

    private final DcRouter router;
    private final int apiId;
    private final String apiHash;
    private final RandomGenerator random;

    /**
     * Login flows over {@code router}.
     *
     * @param router the account's router; logins move its main DC when the server says the account lives elsewhere
     * @param apiId the application's api_id from my.telegram.org
     * @param apiHash the application's api_hash from my.telegram.org
     * @param random the source of the SRP secret exponent for two-step passwords (a {@code SecureRandom} outside
     *     tests)
     */
    public Login(DcRouter router, int apiId, String apiHash, RandomGenerator random) {
        this.router = router;
        this.apiId = apiId;
        this.apiHash = apiHash;
        this.random = random;
    }

    /**
     * Logs a bot in with its token {@code ID:SECRET}. Blocks until the server answers.
     *
     * @param token the token BotFather gave, {@code ID:SECRET}; never logged
     * @return the bot the router is now logged in as, and its home DC
     * @throws LoginException when the server does not answer with an account
     * @throws IOException when the connection fails, or as {@link RpcException} when the server refuses the call
     *     (say {@code ACCESS_TOKEN_INVALID})
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public LoggedIn bot(String token) throws IOException, InterruptedException {
        return loggedIn(router.invoke(new AuthImportBotAuthorization(0, apiId, apiHash, token)));
    }

    /**
     * Asks Telegram to send a login code to {@code phone}, following a {@code PHONE_MIGRATE} to the number's home DC.
     * This is the first step of {@link #phone}, for callers that drive the rest themselves.
     *
     * @param phone the number in international format
     * @return the code on its way, or the payment Telegram asks for before it sends one
     * @throws LoginException ({@link LoginException.Reason#UNEXPECTED_ANSWER}) when the server says the session is
     *     already authorized
     * @throws IOException when the connection fails, or as {@link RpcException} when the server refuses the call
     *     (say {@code PHONE_NUMBER_INVALID})
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public SentCode sendCode(String phone) throws IOException, InterruptedException {
        AuthSentCodeType answer = router.invoke(
                new AuthSendCode(phone, apiId, apiHash, CodeSettings.builder().build()));
        return switch (answer) {
            case AuthSentCode s -> new SentCode.Sent(phone, via(s.type()), length(s.type()), s.phoneCodeHash());
            case AuthSentCodePaymentRequired p ->
                new SentCode.PaymentRequired(
                        phone,
                        p.storeProduct(),
                        p.phoneCodeHash(),
                        p.supportEmailAddress(),
                        p.premiumDays(),
                        p.currency(),
                        p.amount());
            case AuthSentCodeSuccess s ->
                throw new LoginException(
                        LoginException.Reason.UNEXPECTED_ANSWER,
                        "auth.sendCode answered auth.sentCodeSuccess (already authorized); log out first",
                        null);
        };
    }

    /**
     * The whole phone login: code, then two-step password if the account has one. The callbacks are called on this
     * thread; a wrong code or password is asked for again, up to {@value #ATTEMPTS} times in all.
     *
     * @param phone the number in international format
     * @param callbacks asked for the code and, when needed, the password
     * @return the account the router is now logged in as, and its home DC
     * @throws LoginException when Telegram asks for a payment first, the number has no account, the code or
     *     password was wrong every time, or the server answered something the flow does not know; {@link
     *     LoginException#reason()} says which
     * @throws IOException when a callback gives up (its own exception), the connection fails, or as {@link
     *     RpcException} when the server refuses a step for another reason (say {@code PHONE_CODE_EXPIRED})
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public LoggedIn phone(String phone, LoginCallbacks callbacks) throws IOException, InterruptedException {
        SentCode sent = sendCode(phone);
        if (sent instanceof SentCode.PaymentRequired p) {
            throw new LoginException(
                    LoginException.Reason.PAYMENT_REQUIRED,
                    "Telegram asks for a payment (" + p.amount() + " " + p.currency() + ", product " + p.storeProduct()
                            + ") before it sends a login code to this number",
                    p);
        }
        SentCode.Sent code = (SentCode.Sent) sent;
        for (int attempt = 1; ; attempt++) {
            String given = callbacks.code(code, attempt);
            try {
                return loggedIn(router.invoke(new AuthSignIn(phone, code.phoneCodeHash(), given, null)));
            } catch (RpcException e) {
                if (e.errorMessage().equals("SESSION_PASSWORD_NEEDED")) {
                    return password(callbacks);
                }
                if (e.errorMessage().equals("PHONE_CODE_INVALID") && attempt < ATTEMPTS) {
                    continue;
                }
                if (e.errorMessage().equals("PHONE_CODE_INVALID")) {
                    throw new LoginException(
                            LoginException.Reason.CODE_INVALID,
                            "the login code was wrong " + ATTEMPTS + " times",
                            null);
                }
                throw e;
            }
        }
    }

    private LoggedIn password(LoginCallbacks callbacks) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            AccountPassword p = router.invoke(new AccountGetPassword());
            if (!(p.currentAlgo() instanceof PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow algo)
                    || p.srpB() == null
                    || p.srpId() == null) {
                throw new LoginException(
                        LoginException.Reason.UNEXPECTED_ANSWER,
                        "account.getPassword offers no password algorithm this client knows ("
                                + (p.currentAlgo() == null
                                        ? "none"
                                        : p.currentAlgo().getClass().getSimpleName()) + ")",
                        null);
            }
            String password = callbacks.password(p.hint(), attempt);
            byte[] a = new byte[256];
            random.nextBytes(a);
            Srp.Answer answer = Srp.answer(
                    password.getBytes(StandardCharsets.UTF_8),
                    algo.g(),
                    algo.p(),
                    algo.salt1(),
                    algo.salt2(),
                    p.srpB(),
                    a);
            try {
                return loggedIn(router.invoke(
                        new AuthCheckPassword(new InputCheckPasswordSRP(p.srpId(), answer.a(), answer.m1()))));
            } catch (RpcException e) {
                if (e.errorMessage().equals("PASSWORD_HASH_INVALID")) {
                    if (attempt < ATTEMPTS) {
                        continue;
                    }
                    throw new LoginException(
                            LoginException.Reason.PASSWORD_INVALID,
                            "the two-step verification password was wrong " + ATTEMPTS + " times",
                            null);
                }
                throw e;
            }
        }
    }

    /**
     * Logs the account out on its main DC; the router then counts it as logged out and forgets which other DCs were
     * authorized.
     *
     * @throws IOException when the connection fails, or as {@link RpcException} when the server refuses
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public void logOut() throws IOException, InterruptedException {
        router.invoke(new AuthLogOut());
    }

    private LoggedIn loggedIn(AuthAuthorizationType answer) throws LoginException {
        if (answer instanceof AuthAuthorizationSignUpRequired) {
            throw new LoginException(
                    LoginException.Reason.SIGN_UP_REQUIRED,
                    "this phone number has no Telegram account; sign up with an official app first",
                    null);
        }
        UserType user = ((AuthAuthorization) answer).user();
        if (!(user instanceof User u)) {
            throw new LoginException(
                    LoginException.Reason.UNEXPECTED_ANSWER,
                    "the login answered " + user.getClass().getSimpleName() + " instead of a user",
                    null);
        }
        String name = u.firstName() == null ? "" : u.firstName();
        return new LoggedIn(u.id(), u.bot(), router.mainDc(), name);
    }

    private static String via(AuthSentCodeTypeKind type) {
        return switch (type) {
            case AuthSentCodeTypeApp a -> "app";
            case AuthSentCodeTypeSms s -> "sms";
            case AuthSentCodeTypeCall c -> "call";
            case AuthSentCodeTypeFlashCall f -> "flash call";
            default ->
                type.getClass().getSimpleName().replace("AuthSentCodeType", "").toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static int length(AuthSentCodeTypeKind type) {
        return switch (type) {
            case AuthSentCodeTypeApp a -> a.length();
            case AuthSentCodeTypeSms s -> s.length();
            case AuthSentCodeTypeCall c -> c.length();
            default -> 0;
        };
    }
}
