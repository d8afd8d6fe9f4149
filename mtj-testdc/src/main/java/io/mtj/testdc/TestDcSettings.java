package io.mtj.testdc;

import io.mtj.api.Schema;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.tl.TlRegistry;
import io.mtj.transport.mtproxy.MtProxySecret;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The settings a {@link TestDc} starts with, and their defaults: what {@link TestDc.Builder} sets. Apart from the DC
 * because they are the builder's whole body and the DC's own file is its behaviour; {@code B} is the builder type, so
 * every setter returns the builder and {@code TestDc.builder().dcId(3).build()} reads as before.
 *
 * @param <B> the builder type
 */
public abstract sealed class TestDcSettings<B extends TestDcSettings<B>> permits TestDc.Builder {
    int dcId = 2;
    InetAddress host = InetAddress.getLoopbackAddress();
    int port;
    boolean ipv6;
    boolean testMode;
    InstantSource clock = InstantSource.system();
    RandomGenerator random = new SecureRandom();

    @Nullable
    RsaKeyPair rsa;

    AuthKeyStore keys = AuthKeyStore.inMemory();
    TlRegistry apiRegistry = Schema.registry();

    @Nullable
    FileStore files;

    @Nullable
    MtProxySecret proxySecret;

    boolean webSocket;
    int backlog = TestDc.DEFAULT_BACKLOG;
    int sessionMemory = ServerSession.REMEMBERED;
    long answerMemory = ServerSession.ANSWER_BYTES;
    long dcAnswerMemory = AnswerBudget.DEFAULT_BYTES;
    java.time.Duration sessionIdleLimit = SessionTable.DEFAULT_IDLE_LIMIT;
    int largeAnswerBytes = TestDc.DEFAULT_LARGE_ANSWER;

    /** The DC id, 1..9999 (default 2). */
    public B dcId(int dcId) {
        if (dcId < 1 || dcId > 9999) {
            throw new IllegalArgumentException("dc id must be 1..9999, got " + dcId);
        }
        this.dcId = dcId;
        return self();
    }

    /** The address to listen on; must be a loopback address (default 127.0.0.1). */
    public B host(InetAddress host) {
        if (!host.isLoopbackAddress()) {
            throw new IllegalArgumentException("the test DC only listens on loopback, not " + host);
        }
        this.host = host;
        return self();
    }

    /** The port (default 0: ephemeral). */
    public B port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.port = port;
        return self();
    }

    /** Also listen on ::1 (an ephemeral port), listed in help.getConfig with the ipv6 flag. */
    public B ipv6(boolean ipv6) {
        this.ipv6 = ipv6;
        return self();
    }

    /** The test_mode flag of help.getConfig (default false). */
    public B testMode(boolean testMode) {
        this.testMode = testMode;
        return self();
    }

    /** The DC's clock (default the system clock). */
    public B clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** The DC's randomness: nonces, pq, DH exponent, salts, padding (default a SecureRandom). */
    public B random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        return self();
    }

    /** The DC's RSA key pair (default: a fresh 2048-bit key generated at start). */
    public B rsaKey(RsaKeyPair rsa) {
        this.rsa = Objects.requireNonNull(rsa, "rsa");
        return self();
    }

    /** Where auth keys are kept (default in memory); share one to survive DC restarts. */
    public B authKeyStore(AuthKeyStore keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
        return self();
    }

    /** The store the file methods use (default: a new {@link FileStore} with its default upload budget). */
    public B files(FileStore files) {
        this.files = files;
        return self();
    }

    /** The registry API calls are decoded with (default: every generated mtproto.tl and api.tl constructor). */
    public B apiRegistry(TlRegistry registry) {
        this.apiRegistry = Objects.requireNonNull(registry, "registry");
        return self();
    }

    /**
     * Adds an MTProxy listener (ephemeral port on the same host) that accepts only clients using {@code secret}:
     * obfuscated2 keyed with it, and for an {@code ee} secret fake-TLS first (checked against the DC's clock).
     */
    public B mtproxy(MtProxySecret secret) {
        this.proxySecret = Objects.requireNonNull(secret, "secret");
        return self();
    }

    /** Adds a WebSocket listener (ephemeral port on the same host) serving {@code /apiws}. */
    public B webSocket(boolean webSocket) {
        this.webSocket = webSocket;
        return self();
    }

    /**
     * The listen backlog of every listener (default {@value TestDc#DEFAULT_BACKLOG}; the operating system may cap it,
     * on Linux at {@code net.core.somaxconn}).
     */
    public B backlog(int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        this.backlog = backlog;
        return self();
    }

    /**
     * How many received msg_ids each session remembers (default {@value ServerSession#REMEMBERED}); older ones
     * are forgotten, so {@code msgs_state_req} answers 1 ("nothing known") for them and a repeat is dropped.
     */
    public B sessionMemory(int messages) {
        if (messages < 1) {
            throw new IllegalArgumentException("session memory must be at least 1 message, got " + messages);
        }
        this.sessionMemory = messages;
        return self();
    }

    /**
     * How many bytes of answers each session keeps for repeated requests, msg_resend_req and re-sending on its
     * next connection (default 16 MB); beyond it the oldest answers are forgotten, and their requests read as
     * status 1 ("nothing known") in msgs_state_info, so a client learns at once that their outcome is unknown.
     */
    public B answerMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("answer memory must be >= 0 bytes, got " + bytes);
        }
        this.answerMemory = bytes;
        return self();
    }

    /**
     * How many bytes of answers all the DC's sessions keep together (default 256 MB), live or abandoned: a client
     * that exits leaves its last answers unacknowledged, and each new client makes a new session, so without this
     * bound a long-running DC keeps 16 MB for every session it ever served. Beyond it the oldest kept answer anywhere
     * is forgotten first, and its request reads as status 1 in msgs_state_info, as under {@link #answerMemory}.
     */
    public B dcAnswerMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("DC-wide answer memory must be >= 0 bytes, got " + bytes);
        }
        this.dcAnswerMemory = bytes;
        return self();
    }

    /**
     * How long the DC keeps a session that no message names (default two hours): a DC left running would otherwise
     * keep every session it ever served. A client that comes back later gets a new session ({@code
     * new_session_created}), as from Telegram.
     */
    public B sessionIdleLimit(java.time.Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("session idle limit must be positive, got " + limit);
        }
        this.sessionIdleLimit = limit;
        return self();
    }

    /**
     * Answers longer than this are not repeated when their request arrives again under the same msg_id: the DC
     * sends {@code msg_detailed_info} naming the answer instead, and re-sends it on {@code msg_resend_req}
     * (default {@value TestDc#DEFAULT_LARGE_ANSWER} bytes).
     */
    public B largeAnswerBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("large answer size must be >= 0 bytes, got " + bytes);
        }
        this.largeAnswerBytes = bytes;
        return self();
    }

    TestDcSettings() {}

    /** This builder. */
    abstract B self();
}
