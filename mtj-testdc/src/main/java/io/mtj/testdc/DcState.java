package io.mtj.testdc;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.RsaKeyPair;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Everything the test DC knows that outlives a connection: auth keys, salts, the server sessions, the clock, the
 * RPC dispatcher and what tests can take (requests, pings, rejected handshakes). It holds no socket and no
 * connection: connections come and go and look their session up here by (auth key id, session id).
 */
final class DcState {
    private static final System.Logger LOG = System.getLogger(DcState.class.getName());

    final int dcId;
    final boolean testMode;
    private final RandomGenerator random;
    private final RsaKeyPair rsa;
    private final AuthKeyStore keys;
    private final MsgIdGenerator msgIds;
    private final RpcDispatcher dispatcher;
    private final Faults faults;
    private final Executions executions;
    private final SessionTable sessions;
    private final Map<Long, Long> salts = new ConcurrentHashMap<>();
    private final Map<Long, Set<Long>> issuedSalts = new ConcurrentHashMap<>();
    private final Map<Long, Instant> tempKeyExpiry = new ConcurrentHashMap<>();
    private final RequestLog requests = new RequestLog(RequestLog.MAX_COUNT, RequestLog.MAX_BYTES);
    private final BlockingQueue<ReceivedPing> pings = new LinkedBlockingQueue<>();
    private final BlockingQueue<HandshakeException> handshakeFailures = new LinkedBlockingQueue<>();
    private final AtomicInteger forcedRetries = new AtomicInteger();
    private final AtomicInteger keysCreated = new AtomicInteger();
    private final int largeAnswerBytes;
    private final HttpKeyExchanges httpExchanges = new HttpKeyExchanges(() -> new DhExchange(dhContext()));
    /** The DH arithmetic of this DC's key exchanges, oldest exchange first (see {@link KeyExchangeGate}). */
    private final KeyExchangeGate keyExchangeGate = KeyExchangeGate.perProcessor();

    DcState(
            int dcId,
            boolean testMode,
            RandomGenerator random,
            RsaKeyPair rsa,
            AuthKeyStore keys,
            InstantSource clock,
            RpcDispatcher dispatcher,
            Faults faults,
            SessionTable sessions,
            int largeAnswerBytes) {
        this.largeAnswerBytes = largeAnswerBytes;
        this.dcId = dcId;
        this.testMode = testMode;
        this.random = random;
        this.rsa = rsa;
        this.keys = keys;
        this.msgIds = new MsgIdGenerator(clock);
        this.dispatcher = dispatcher;
        this.faults = faults;
        this.sessions = sessions;
        this.executions = new Executions();
    }

    DhExchange.Context dhContext() {
        return new DhExchange.Context(
                rsa, dcId, random, this::unixTime, () -> Faults.take(forcedRetries), keys, keyExchangeGate);
    }

    /** HTTP clients' key exchanges, kept by nonce because their steps may come on different connections. */
    HttpKeyExchanges httpExchanges() {
        return httpExchanges;
    }

    RsaKeyPair rsa() {
        return rsa;
    }

    MsgIdGenerator msgIds() {
        return msgIds;
    }

    RandomGenerator random() {
        return random;
    }

    long randomLong() {
        return random.nextLong();
    }

    RpcDispatcher dispatcher() {
        return dispatcher;
    }

    Faults faults() {
        return faults;
    }

    Executions executions() {
        return executions;
    }

    /** Answers above this size are not repeated for a duplicate request; msg_detailed_info names them instead. */
    int largeAnswerBytes() {
        return largeAnswerBytes;
    }

    SessionTable sessions() {
        return sessions;
    }

    int unixTime() {
        return (int) msgIds.now().getEpochSecond();
    }

    Instant now() {
        return msgIds.now();
    }

    void forceDhGenRetry(int count) {
        forcedRetries.set(count);
    }

    int keysCreated() {
        return keysCreated.get();
    }

    /** The auth key with this id, or null when unknown or a temporary key past its expires_in. */
    byte @org.jspecify.annotations.Nullable [] authKey(long authKeyId) {
        Instant expiry = tempKeyExpiry.get(authKeyId);
        if (expiry != null && !msgIds.now().isBefore(expiry)) {
            return null;
        }
        return keys.load(authKeyId);
    }

    /** Whether this key was made as a temporary one (p_q_inner_data_temp*). */
    boolean isTemporaryKey(long authKeyId) {
        return tempKeyExpiry.containsKey(authKeyId);
    }

    /**
     * Forgets a temporary key at once, as a DC that restarted or dropped it early: the key answers -404 from now on.
     * Returns whether it was a temporary key of this DC.
     */
    boolean forgetTempKey(long authKeyId) {
        return tempKeyExpiry.replace(authKeyId, Instant.MIN) != null;
    }

    void keyCreated(DhExchange.Result result) {
        if (result.expiresIn() > 0) {
            tempKeyExpiry.put(result.authKeyId(), msgIds.now().plusSeconds(result.expiresIn()));
        }
        salts.put(result.authKeyId(), result.firstSalt());
        keysCreated.incrementAndGet();
    }

    long salt(long authKeyId) {
        return salts.computeIfAbsent(authKeyId, k -> random.nextLong());
    }

    long rotateSalt(long authKeyId) {
        issuedSalts.remove(authKeyId);
        long salt = random.nextLong();
        salts.put(authKeyId, salt);
        return salt;
    }

    /**
     * The current salt followed by {@code count - 1} new random ones, which the DC accepts from then on as well (at
     * most {@value TestDc#MAX_ISSUED_SALTS} remembered per key).
     */
    List<Long> futureSalts(long authKeyId, int count) {
        List<Long> out = new ArrayList<>(count);
        out.add(salt(authKeyId));
        Set<Long> issued = issuedSalts.computeIfAbsent(authKeyId, k -> ConcurrentHashMap.newKeySet());
        if (issued.size() + count > TestDc.MAX_ISSUED_SALTS) {
            issued.clear();
        }
        while (out.size() < count) {
            long salt = random.nextLong();
            out.add(salt);
            issued.add(salt);
        }
        return out;
    }

    /** Whether {@code salt} is the key's current salt or one it was given by get_future_salts. */
    boolean saltAccepted(long authKeyId, long salt) {
        if (salt == salt(authKeyId)) {
            return true;
        }
        Set<Long> issued = issuedSalts.get(authKeyId);
        return issued != null && issued.contains(salt);
    }

    void recordRequest(ReceivedRequest request) {
        requests.add(request);
    }

    void recordPing(ReceivedPing ping) {
        if (pings.size() >= RequestLog.MAX_COUNT) {
            pings.poll(); // bounded as the request log is: a long run must not keep every ping
        }
        pings.add(ping);
    }

    void handshakeFailed(HandshakeException e) {
        LOG.log(Level.DEBUG, () -> "test DC rejected a key exchange step: " + e.getMessage());
        handshakeFailures.add(e);
    }

    RequestLog requests() {
        return requests;
    }

    BlockingQueue<ReceivedPing> pings() {
        return pings;
    }

    BlockingQueue<HandshakeException> handshakeFailures() {
        return handshakeFailures;
    }

    void clockSkewChanged(Duration skew) {
        msgIds.offsetMillis(skew.toMillis());
    }
}
