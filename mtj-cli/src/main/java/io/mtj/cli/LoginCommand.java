package io.mtj.cli;

import io.mtj.core.ClientConfig;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionFile;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.login.LoggedIn;
import io.mtj.core.login.Login;
import io.mtj.core.login.LoginCallbacks;
import io.mtj.core.login.SentCode;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.testdc.TestCluster;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.proxy.ProxyUri;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code mtj login (--bot-token ID:SECRET | --phone NUMBER [--code CODE] [--password-file FILE]) [route options as
 * connect]}: logs in through a {@link DcRouter}, following the migrations to the account's home DC, and prints
 * {@code logged in as bot 42 on dc 3}. With no {@code --dc} it starts an embedded three-DC test cluster (the bot on
 * DC 3, the phone's user on DC 2 with the password of {@code --password-file} if given) and dials DC 1.
 */
final class LoginCommand implements Command {
    private static final Set<String> OWN = Set.of("--bot-token", "--phone", "--code", "--password-file");

    @Override
    public String name() {
        return "login";
    }

    @Override
    public String summary() {
        return "log in as a bot or a user, following the account to its home DC";
    }

    @Override
    public String description() {
        return """
                Prints the account and its DC: logged in as bot 42 on dc 3. With no --dc, an embedded
                three-DC test cluster is started and DC 1 dialled.
                """;
    }

    @Override
    public List<Option> options() {
        return PingOptions.withRoute(List.of(
                Option.valued("--bot-token", "ID:SECRET", "log in as this bot"),
                Option.valued("--phone", "NUMBER", "log in as the user with this number"),
                Option.valued("--code", "CODE", "with --phone: the login code (read from the terminal when absent)"),
                Option.valued("--password-file", "FILE", "with --phone: the two-step password, read from FILE")));
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return login(args, out, err);
    }

    record Options(
            @Nullable String botToken,
            @Nullable String phone,
            @Nullable String code,
            @Nullable Path passwordFile,
            ConnectOptions route) {}

    static Options parse(List<String> args) throws UsageException {
        String bot = null;
        String phone = null;
        String code = null;
        Path passwordFile = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!OWN.contains(name)) {
                rest.add(arg);
                continue;
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("mtj login: " + name + " needs a value");
            }
            if (value.isEmpty()) {
                throw new UsageException("mtj login: " + name + " needs a value, got an empty one");
            }
            switch (name) {
                case "--bot-token" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0 || colon == value.length() - 1) {
                        throw new UsageException("mtj login: --bot-token expects ID:SECRET, as BotFather gives it");
                    }
                    bot = value;
                }
                case "--phone" -> phone = value;
                case "--code" -> code = value;
                case "--password-file" -> {
                    passwordFile = Path.of(value);
                    if (!Files.isRegularFile(passwordFile) || !Files.isReadable(passwordFile)) {
                        throw new UsageException("mtj login: --password-file expects a readable file, got " + value);
                    }
                }
                default -> throw new IllegalStateException(name);
            }
        }
        if ((bot == null) == (phone == null)) {
            throw new UsageException("mtj login: give exactly one of --bot-token ID:SECRET and --phone NUMBER");
        }
        if (bot != null && (code != null || passwordFile != null)) {
            throw new UsageException("mtj login: --code and --password-file are for --phone");
        }
        return new Options(bot, phone, code, passwordFile, ConnectOptions.parse(rest));
    }

    static int login(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = parse(args);
        ConnectOptions route = o.route();
        TestCluster embedded = null;
        try {
            Endpoint endpoint;
            List<RsaPublicKey> keys;
            DcAddress dc = route.dc();
            Path keyFile = route.rsaKey();
            if (dc == null || keyFile == null) {
                embedded = embeddedCluster(o);
                endpoint = Endpoint.of("127.0.0.1", embedded.dc(1).port(), 1);
                keys = List.of(embedded.dc(1).publicKey());
                out.println("embedded test cluster of 3 DCs on loopback; dialling dc 1 on "
                        + new DcAddress(endpoint.host(), endpoint.port()));
            } else {
                endpoint = Endpoint.of(dc.host(), dc.port(), route.dcId());
                keys = ClientConfig.loadKeys(keyFile);
            }
            ClientConfig config = config(route, endpoint, keys);
            Path session = route.session();
            DcSessionStore store = session == null ? DcSessionStore.inMemory() : new DcSessionFile(session);
            try (DcRouter router = DcRouter.open(config, store)) {
                Login login = new Login(router, route.apiId(), route.apiHash(), new SecureRandom());
                String bot = o.botToken();
                LoggedIn me;
                try {
                    me = bot != null ? login.bot(bot) : login.phone(phoneOf(o), callbacks(o, out));
                } catch (io.mtj.core.RpcException e) {
                    throw new IOException(explain(e), e);
                }
                out.println("logged in as " + me.describe());
            }
            return 0;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Telegram's error names as sentences for the errors a login meets most. */
    static String explain(io.mtj.core.RpcException e) {
        String what =
                switch (e.errorMessage()) {
                    case "ACCESS_TOKEN_INVALID" -> "the bot token was refused";
                    case "PHONE_NUMBER_INVALID" -> "the phone number was refused";
                    case "PHONE_CODE_EXPIRED" -> "the login code expired; ask for a new one";
                    case "PHONE_NUMBER_BANNED" -> "this phone number is banned from Telegram";
                    default -> "the server refused the login";
                };
        return what + " (" + e.code() + " " + e.errorMessage() + ")";
    }

    private static String phoneOf(Options o) {
        String phone = o.phone();
        if (phone == null) {
            throw new IllegalStateException("parse checked that one of --bot-token and --phone is given");
        }
        return phone;
    }

    private static TestCluster embeddedCluster(Options o) throws IOException {
        TestCluster.Builder b = TestCluster.builder().dcs(3);
        String bot = o.botToken();
        if (bot != null) {
            int colon = bot.indexOf(':');
            try {
                b.bot(Long.parseLong(bot.substring(0, colon)), bot.substring(colon + 1), 3);
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        "the embedded cluster cannot hold bot token " + bot.substring(0, colon) + ":...: "
                                + e.getMessage(),
                        e);
            }
        }
        String phone = o.phone();
        if (phone != null) {
            Path file = o.passwordFile();
            b.user(phone, 2, file == null ? null : readPassword(file));
        }
        return b.build();
    }

    private static ClientConfig config(ConnectOptions route, Endpoint endpoint, List<RsaPublicKey> keys) {
        Dialer dialer = Dialer.DIRECT;
        ProxyUri proxy = route.proxy();
        if (proxy != null) {
            dialer = proxy.dialer(dialer);
        }
        ClientConfig.Builder b = ClientConfig.builder(route.apiId(), route.apiHash())
                .endpoint(endpoint)
                .serverKeys(keys)
                .framing(route.transport().framing())
                .obfuscated(route.transport().obfuscated())
                .dialer(dialer)
                .connectTimeout(route.timeout())
                .handshakeTimeout(route.timeout())
                .callTimeout(route.timeout());
        var mtProxy = route.mtProxy();
        if (mtProxy != null) {
            b.mtproxy(mtProxy);
        }
        if (route.transport().webSocket()) {
            b.webSocket(route.transport().secure());
        }
        return b.build();
    }

    private static LoginCallbacks callbacks(Options o, PrintStream out) {
        return new LoginCallbacks() {
            @Override
            public String code(SentCode.Sent sent, int attempt) throws IOException {
                String given = o.code();
                if (given != null) {
                    if (attempt > 1) {
                        throw new IOException("the login code given with --code was refused");
                    }
                    return given;
                }
                out.print("login code (sent by " + sent.via() + "): ");
                out.flush();
                return readLine(false);
            }

            @Override
            public String password(@Nullable String hint, int attempt) throws IOException {
                Path file = o.passwordFile();
                if (file != null) {
                    if (attempt > 1) {
                        throw new IOException("the two-step password in " + file + " was refused");
                    }
                    return readPassword(file);
                }
                out.print("two-step verification password"
                        + (hint == null || hint.isEmpty() ? "" : " (hint: " + hint + ")") + ": ");
                out.flush();
                return readLine(true);
            }
        };
    }

    private static String readPassword(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String readLine(boolean secret) throws IOException {
        Console console = System.console();
        if (console != null) {
            if (secret) {
                char[] chars = console.readPassword();
                if (chars == null) {
                    throw new IOException("standard input ended before the password was read");
                }
                return new String(chars);
            }
            String line = console.readLine();
            if (line == null) {
                throw new IOException("standard input ended before the code was read");
            }
            return line.strip();
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IOException(
                    "standard input ended before " + (secret ? "the password" : "the code") + " was read");
        }
        return line.strip();
    }
}
