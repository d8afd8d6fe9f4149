package io.mtj.core.session;

import io.mtj.api.mtproto.BadMsgNotification;
import io.mtj.api.mtproto.BadServerSalt;
import io.mtj.api.mtproto.DestroySessionNone;
import io.mtj.api.mtproto.DestroySessionOk;
import io.mtj.api.mtproto.FutureSalts;
import io.mtj.api.mtproto.GetFutureSalts;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgDetailedInfo;
import io.mtj.api.mtproto.MsgNewDetailedInfo;
import io.mtj.api.mtproto.MsgResendReq;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.MsgsAllInfo;
import io.mtj.api.mtproto.MsgsStateInfo;
import io.mtj.api.mtproto.MsgsStateReq;
import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.api.mtproto.PingDelayDisconnect;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.RpcError;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.core.BadMessageException;
import io.mtj.core.ClientClosedException;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.RpcException;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.ReplayGuard;
import io.mtj.core.wire.SeqNoCounter;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import io.mtj.transport.FrameSink;
import io.mtj.transport.HttpTransport;
import io.mtj.transport.Transport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * An encrypted MTProto 2.0 session over one connected {@link Transport} and one auth key.
 *
 * <p>Threads: one virtual reader thread decrypts, validates and dispatches incoming messages; one virtual writer
 * thread assigns msg_id and seqno, packs whatever is queued (calls, pings, acks) into one {@code msg_container} when
 * there is more than one message, pads, encrypts and sends. Callers only queue.
 *
 * <p>Outgoing: requests at least {@link SessionOptions#gzipThreshold()} long are sent as {@code gzip_packed} when that
 * is smaller. Acks for received content-related messages are piggy-backed on the next batch, or sent alone within
 * {@link SessionOptions#ackDelay()}. {@code ping_delay_disconnect} keeps the connection alive. {@code
 * get_future_salts} is fetched at start and whenever fewer than two salts remain ahead, and the salt is switched as
 * the server clock enters a new salt's validity.
 *
 * <p>Incoming, every message is checked: auth_key_id and msg_key (by {@link MessageCipher}), session_id, msg_id
 * parity, padding 12..1024 and the declared length ({@link EnvelopeCodec}), the 300 s / 30 s msg_id window and
 * replays ({@link ReplayGuard}, applied to messages inside containers too). A message failing a check is dropped and
 * logged; the one exception is a {@code bad_msg_notification} outside the time window, which is still read, since it
 * is how the server reports that our clock is off.
 *
 * <p>Service messages: {@code rpc_result} completes the pending call (or fails it with {@link RpcException}); {@code
 * bad_server_salt} stores the new salt and resends; {@code bad_msg_notification} 16/17 corrects the clock offset from
 * the notification's msg_id and resends; other codes fail the call with {@link BadMessageException}; a resend of a
 * container resends every call in it; a call resent more than {@value #MAX_SENDS} times fails. {@code
 * new_session_created} updates the salt and is reported.
 *
 * <p>When the connection fails, every pending and queued call fails with {@link ConnectionLostException}; calls are
 * never resent on another connection (whether they took effect is unknown). After {@link #close()} they fail with
 * {@link ClientClosedException}.
 */
public final class Session implements AutoCloseable {
    /** A call is sent at most this many times (first send plus resends after salt or time corrections). */
    public static final int MAX_SENDS = 5;

    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    private static final int MAX_CONTAINERS_REMEMBERED = 256;
    /** Future salts are fetched when the known ones run out within this many seconds. */
    private static final long SALT_MARGIN_SECONDS = 3600;

    private final Transport transport;
    private final MessageCipher writeCipher;
    private final MessageCipher readCipher;
    private final long sessionId;
    private final MsgIdGenerator msgIds;
    private final SeqNoCounter seqNo = new SeqNoCounter();
    private final ReplayGuard replay = new ReplayGuard();
    private final RandomGenerator random;
    private final SessionOptions options;
    private final SessionHandler handler;
    private final OutboundQueue queue;
    private final Map<Long, PendingCall<?>> pending = new ConcurrentHashMap<>();
    private final ReentrantLock containerLock = new ReentrantLock();
    private final LinkedHashMap<Long, List<Long>> containers = new LinkedHashMap<>();
    private final ReentrantLock saltLock = new ReentrantLock();
    private List<FutureSalt> futureSalts;
    private volatile long salt;
    private volatile boolean fetchingSalts;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<@Nullable Throwable> done = new CompletableFuture<>();
    private @Nullable Thread reader;
    private @Nullable Thread writer;
    private long nextPingNanos;

    /**
     * A session on {@code transport}, not yet started.
     *
     * @param authKey the 256-byte auth key
     * @param salt the server salt to start with
     * @param futureSalts salts known ahead (may be empty)
     * @param msgIds the clock-corrected msg_id source (shared with the caller, so corrections persist)
     * @param random session id, paddings and ping ids; used by the writer thread only after construction
     */
    public Session(
            Transport transport,
            byte[] authKey,
            long salt,
            List<FutureSalt> futureSalts,
            MsgIdGenerator msgIds,
            RandomGenerator random,
            SessionOptions options,
            SessionHandler handler) {
        this.transport = transport;
        this.writeCipher = new MessageCipher(authKey);
        this.readCipher = new MessageCipher(authKey);
        this.salt = salt;
        this.futureSalts = List.copyOf(futureSalts);
        this.msgIds = msgIds;
        this.random = random;
        this.options = options;
        this.handler = handler;
        this.queue = new OutboundQueue(options.queueCapacity());
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        this.sessionId = id;
    }

    /** Starts the reader and writer threads; calls queued before go out together. */
    public void start() {
        String name = Long.toHexString(sessionId);
        nextPingNanos = System.nanoTime() + options.pingInterval().toNanos();
        long now = msgIds.now().getEpochSecond();
        if (futureSalts.stream().noneMatch(f -> Integer.toUnsignedLong(f.validUntil()) >= now + SALT_MARGIN_SECONDS)) {
            fetchFutureSalts();
        }
        if (transport instanceof HttpTransport http) {
            // HTTP: the server answers only requests; the transport asks for http_wait when it needs one
            http.poller(maxWait -> queue.offerNow(new Outbound(httpWait(maxWait), false, null)));
        }
        writer = Thread.ofVirtual().name("mtj-writer-" + name).start(this::writeLoop);
        reader = Thread.ofVirtual().name("mtj-reader-" + name).start(this::readLoop);
    }

    /**
     * http_wait as tdlib sends it: answer after 30 ms at most once something is ready, gather for 10 ms more, and
     * hold an empty request {@code maxWait} (25 s for the long poll, 0 to fetch what is queued).
     */
    private static byte[] httpWait(java.time.Duration maxWait) {
        return TlWriter.serialize(new io.mtj.api.mtproto.HttpWait(30, 10, (int) maxWait.toMillis()));
    }

    public long sessionId() {
        return sessionId;
    }

    /** The salt outgoing messages use now. */
    public long serverSalt() {
        return salt;
    }

    /** Salts fetched ahead, sorted by valid_since. */
    public List<FutureSalt> futureSalts() {
        saltLock.lock();
        try {
            return futureSalts;
        } finally {
            saltLock.unlock();
        }
    }

    public MsgIdGenerator msgIds() {
        return msgIds;
    }

    /** Completes with the failure that ended the session (null for {@link #close()}). */
    public CompletableFuture<@Nullable Throwable> done() {
        return done;
    }

    /** Number of calls waiting for an answer (sent or queued-and-registered). */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Queues a call; the future completes with its result or fails with a typed exception ({@link RpcException},
     * {@link BadMessageException}, {@link ConnectionLostException}, {@link ClientClosedException}, or {@link
     * io.mtj.tl.TlDecodeException} for an undecodable result). It is completed through {@link
     * SessionOptions#completions()}, never on the session's reader thread by default, so a dependent stage may block
     * (even on another call of this session) without stalling the session.
     */
    public <R> CompletableFuture<R> invoke(TlMethod<R> method) {
        PendingCall<R> call = prepare(method);
        call.carryable();
        enqueue(List.of(new Outbound(call.body(), true, call)));
        return call.future();
    }

    /** Queues several calls together so that they leave in one container. */
    public List<CompletableFuture<?>> invokeAll(List<? extends TlMethod<?>> methods) {
        List<Outbound> items = new ArrayList<>(methods.size());
        List<CompletableFuture<?>> futures = new ArrayList<>(methods.size());
        for (TlMethod<?> method : methods) {
            PendingCall<?> call = prepare(method);
            call.carryable();
            items.add(new Outbound(call.body(), true, call));
            futures.add(call.future());
        }
        enqueue(items);
        return futures;
    }

    /**
     * Takes over calls that another session never sent (see {@link SessionHandler#unsent}): they are queued here as
     * if just invoked, keeping their futures. Calls already completed (a deadline passed meanwhile) are skipped.
     */
    public void adopt(List<PendingCall<?>> calls) {
        List<Outbound> items = new ArrayList<>(calls.size());
        for (PendingCall<?> call : calls) {
            if (!call.future().isDone()) {
                call.future().whenComplete((value, error) -> pending.remove(call.msgId(), call));
                items.add(new Outbound(call.body(), true, call));
            }
        }
        if (!items.isEmpty()) {
            enqueue(items);
        }
    }

    private <R> PendingCall<R> prepare(TlMethod<R> method) {
        byte[] body = TlWriter.serialize(method);
        if (body.length >= options.gzipThreshold()) {
            byte[] packed = TlGzip.pack(body);
            if (packed.length < body.length) {
                body = packed;
            }
        }
        PendingCall<R> call = new PendingCall<>(method, body, options.completions());
        call.future().whenComplete((value, error) -> pending.remove(call.msgId(), call));
        return call;
    }

    private void enqueue(List<Outbound> items) {
        boolean queued;
        try {
            queued = !closed.get() && queue.offer(items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            for (Outbound item : items) {
                if (item.call() != null) {
                    item.call().fail(new ClientClosedException("the session is closed"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- writer

    private void writeLoop() {
        try {
            while (!closed.get()) {
                OutboundQueue.Batch batch = queue.take(
                        Math.max(1, options.maxContainerMessages() - 1),
                        options.maxContainerBytes(),
                        options.ackDelay());
                if (batch == null) {
                    return;
                }
                maintain();
                if (!batch.messages().isEmpty() || !batch.acks().isEmpty()) {
                    write(batch);
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            fail(new ConnectionLostException("writer interrupted", e));
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private void write(OutboundQueue.Batch batch) throws IOException {
        List<Message> inner = new ArrayList<>(batch.messages().size() + 1);
        for (Outbound out : batch.messages()) {
            PendingCall<?> call = out.call();
            if (call != null) {
                if (call.future().isDone()) {
                    continue;
                }
                if (call.countSend() > MAX_SENDS) {
                    call.fail(new ConnectionLostException(
                            "call " + call.method().getClass().getSimpleName() + " was sent " + MAX_SENDS
                                    + " times without an answer"));
                    continue;
                }
            }
            long id = msgIds.next();
            int seq = seqNo.next(out.contentRelated());
            if (call != null) {
                call.msgId(id);
                pending.put(id, call);
                if (call.future().isDone()) {
                    pending.remove(id, call);
                }
            }
            inner.add(new Message(id, seq, out.body()));
        }
        if (!batch.acks().isEmpty()) {
            inner.add(new Message(msgIds.next(), seqNo.next(false), TlWriter.serialize(new MsgsAck(batch.acks()))));
        }
        if (inner.isEmpty()) {
            return;
        }
        if (inner.size() == 1) {
            Message only = inner.get(0);
            send(only.msgId(), only.seqno(), only.body());
            return;
        }
        long containerId = msgIds.next();
        List<Long> ids = new ArrayList<>(inner.size());
        for (Message m : inner) {
            ids.add(m.msgId());
        }
        containerLock.lock();
        try {
            containers.put(containerId, ids);
            if (containers.size() > MAX_CONTAINERS_REMEMBERED) {
                containers.remove(containers.keySet().iterator().next());
            }
        } finally {
            containerLock.unlock();
        }
        send(containerId, seqNo.next(false), TlWriter.serialize(new MsgContainer(inner)));
    }

    private void send(long msgId, int seq, byte[] body) throws IOException {
        byte[] plain = EnvelopeCodec.encode(
                new Envelope(salt, sessionId, msgId, seq, body), random, options.extraPaddingBlocks());
        transport.send(writeCipher.encrypt(Direction.CLIENT_TO_SERVER, plain));
    }

    /** Writer-side housekeeping: keepalive ping, salt rotation, salt prefetch. */
    private void maintain() {
        if (!options.pingInterval().isZero() && System.nanoTime() - nextPingNanos >= 0) {
            nextPingNanos = System.nanoTime() + options.pingInterval().toNanos();
            PendingCall<Pong> ping = prepare(new PingDelayDisconnect(random.nextLong(), options.disconnectDelay()));
            queue.offerNow(new Outbound(ping.body(), true, ping));
        }
        long now = msgIds.now().getEpochSecond();
        long coveredUntil = 0;
        saltLock.lock();
        try {
            List<FutureSalt> kept = new ArrayList<>();
            FutureSalt current = null;
            for (FutureSalt s : futureSalts) {
                long until = Integer.toUnsignedLong(s.validUntil());
                if (until < now) {
                    continue;
                }
                kept.add(s);
                coveredUntil = Math.max(coveredUntil, until);
                if (s.validAt(now)
                        && (current == null || Integer.compareUnsigned(s.validSince(), current.validSince()) > 0)) {
                    current = s;
                }
            }
            if (kept.size() != futureSalts.size()) {
                futureSalts = List.copyOf(kept);
            }
            if (current != null && current.salt() != salt) {
                salt = current.salt();
                handler.stateChanged();
            }
        } finally {
            saltLock.unlock();
        }
        if (coveredUntil < now + SALT_MARGIN_SECONDS && !fetchingSalts) {
            fetchFutureSalts();
        }
    }

    private void fetchFutureSalts() {
        fetchingSalts = true;
        PendingCall<FutureSalts> call = prepare(new GetFutureSalts(options.futureSalts()));
        call.future().whenComplete((answer, error) -> {
            if (answer != null) {
                storeSalts(answer);
            }
            fetchingSalts = false;
        });
        queue.offerNow(new Outbound(call.body(), true, call));
    }

    /** After bad_server_salt the salts believed valid now are wrong; keep only later ones. */
    private void forgetSaltsValidNow() {
        long now = msgIds.now().getEpochSecond();
        saltLock.lock();
        try {
            futureSalts = futureSalts.stream().filter(f -> !f.validAt(now)).toList();
        } finally {
            saltLock.unlock();
        }
    }

    private void storeSalts(FutureSalts answer) {
        List<FutureSalt> salts = new ArrayList<>();
        for (io.mtj.api.mtproto.FutureSalt s : answer.salts()) {
            if (salts.size() == io.mtj.core.storage.SessionState.MAX_FUTURE_SALTS) {
                break;
            }
            salts.add(new FutureSalt(s.validSince(), s.validUntil(), s.salt()));
        }
        salts.sort(Comparator.comparingLong(s -> Integer.toUnsignedLong(s.validSince())));
        saltLock.lock();
        try {
            futureSalts = List.copyOf(salts);
        } finally {
            saltLock.unlock();
        }
        handler.stateChanged();
    }

    // ---------------------------------------------------------------- reader

    private void readLoop() {
        FrameSink sink = new FrameSink() {
            @Override
            public void packet(byte[] payload, boolean quickAckRequested) {
                receive(payload);
            }

            @Override
            public void quickAck(int token) {
                // quick acks only confirm delivery; the answer still comes as rpc_result
            }
        };
        try {
            while (!closed.get()) {
                transport.receive(sink);
            }
        } catch (IOException | RuntimeException | Error e) {
            fail(e);
        }
    }

    /** Decrypts, validates and dispatches one packet; invalid ones are dropped. Visible for tests. */
    void receive(byte[] packet) {
        byte[] plain;
        try {
            plain = readCipher.decrypt(Direction.SERVER_TO_CLIENT, packet);
        } catch (SecurityCheckException e) {
            LOG.log(Level.WARNING, "dropped an encrypted message: {0}", e.getMessage());
            return;
        }
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(plain, MsgIdKind.Peer.SERVER, sessionId, null);
            if (msgIds.checkWindow(envelope.msgId()) != MsgIdGenerator.Window.OK
                    && !isBadMsgNotification(envelope.body())) {
                EnvelopeCodec.decode(plain, MsgIdKind.Peer.SERVER, sessionId, msgIds);
            }
            replay.accept(envelope.msgId(), envelope.seqNo());
        } catch (InvalidMessageException e) {
            LOG.log(Level.WARNING, "dropped a message: {0}", e.getMessage());
            return;
        }
        dispatchOrDrop(envelope.msgId(), envelope.seqNo(), envelope.body(), true);
    }

    /**
     * Dispatches one message; one that cannot be decoded is dropped alone (in a container, the others still go
     * through).
     */
    private void dispatchOrDrop(long msgId, int seq, byte[] body, boolean topLevel) {
        try {
            dispatch(msgId, seq, body, topLevel);
        } catch (TlDecodeException e) {
            LOG.log(
                    Level.WARNING,
                    "dropped an undecodable message 0x{0}: {1}",
                    Long.toHexString(msgId),
                    e.getMessage());
        }
    }

    private static boolean isBadMsgNotification(byte[] body) {
        if (body.length < 4) {
            return false;
        }
        int id = (body[0] & 0xff) | (body[1] & 0xff) << 8 | (body[2] & 0xff) << 16 | (body[3] & 0xff) << 24;
        return id == BadMsgNotification.ID;
    }

    private void dispatch(long msgId, int seq, byte[] body, boolean topLevel) throws TlDecodeException {
        if (SeqNoCounter.isContentRelated(seq)) {
            queue.ack(msgId);
        }
        handle(msgId, body, topLevel, false);
    }

    private void handle(long msgId, byte[] body, boolean topLevel, boolean inflated) throws TlDecodeException {
        TlReader in = new TlReader(body, 0, body.length, options.registry(), options.maxInflated());
        int id = in.readInt();
        switch (id) {
            case MsgContainer.ID -> {
                if (!topLevel) {
                    throw new TlDecodeException(
                            "msg_container nested in a container (msg 0x" + Long.toHexString(msgId) + ")");
                }
                for (Message m : MsgContainer.readBody(in).messages()) {
                    if (!MsgIdKind.sentBy(m.msgId(), MsgIdKind.Peer.SERVER)) {
                        LOG.log(
                                Level.WARNING,
                                "dropped contained message 0x{0} with client parity",
                                Long.toHexString(m.msgId()));
                        continue;
                    }
                    try {
                        replay.accept(m.msgId(), m.seqno());
                    } catch (InvalidMessageException e) {
                        LOG.log(Level.WARNING, "dropped a contained message: {0}", e.getMessage());
                        continue;
                    }
                    dispatchOrDrop(m.msgId(), m.seqno(), m.body(), false);
                }
            }
            case TlGzip.GZIP_PACKED_ID -> {
                if (inflated) {
                    throw new TlDecodeException("nested gzip_packed in msg 0x" + Long.toHexString(msgId));
                }
                handle(msgId, in.readGzipPacked(0).readRemaining(), false, true);
            }
            case RpcResult.ID -> result(RpcResult.readBody(in));
            case BadServerSalt.ID -> {
                BadServerSalt bad = BadServerSalt.readBody(in);
                salt = bad.newServerSalt();
                forgetSaltsValidNow();
                handler.stateChanged();
                resend(bad.badMsgId());
            }
            case BadMsgNotification.ID -> badMessage(msgId, BadMsgNotification.readBody(in));
            case NewSessionCreated.ID -> {
                NewSessionCreated created = NewSessionCreated.readBody(in);
                salt = created.serverSalt();
                handler.stateChanged();
                handler.newSession(created);
            }
            case MsgsAck.ID -> {
                // acknowledgements of our messages need no action: answers still arrive as rpc_result
            }
            case Pong.ID -> answer(Pong.readBody(in).msgId(), body);
            case FutureSalts.ID -> answer(FutureSalts.readBody(in).reqMsgId(), body);
            case MsgDetailedInfo.ID -> queue.ack(MsgDetailedInfo.readBody(in).answerMsgId());
            case MsgNewDetailedInfo.ID ->
                queue.ack(MsgNewDetailedInfo.readBody(in).answerMsgId());
            case MsgResendReq.ID,
                    MsgsStateReq.ID,
                    MsgsStateInfo.ID,
                    MsgsAllInfo.ID,
                    DestroySessionOk.ID,
                    DestroySessionNone.ID ->
                LOG.log(Level.DEBUG, "ignored service message 0x{0}", Integer.toHexString(id));
            default -> handler.update(body);
        }
    }

    /**
     * Completes the call an rpc_result answers. Once the call has left the pending table it is always completed or
     * failed here: a result that cannot be read (a corrupt gzip_packed or rpc_error) fails it with the
     * {@link TlDecodeException} rather than leaving it to its deadline.
     */
    private void result(RpcResult result) {
        PendingCall<?> call = pending.remove(result.reqMsgId());
        if (call == null) {
            LOG.log(Level.DEBUG, "rpc_result for unknown msg 0x{0}", Long.toHexString(result.reqMsgId()));
            return;
        }
        byte[] bytes = result.result();
        try {
            TlReader in = new TlReader(bytes, 0, bytes.length, options.registry(), options.maxInflated());
            int id = in.peekInt();
            if (id == TlGzip.GZIP_PACKED_ID) {
                in.readInt();
                bytes = in.readGzipPacked(0).readRemaining();
                in = new TlReader(bytes, 0, bytes.length, options.registry(), options.maxInflated());
                id = bytes.length >= 4 ? in.peekInt() : 0;
            }
            if (id == RpcError.ID) {
                in.readInt();
                RpcError error = RpcError.readBody(in);
                call.fail(
                        new RpcException(error.errorCode(), new String(error.errorMessage(), StandardCharsets.UTF_8)));
                return;
            }
        } catch (TlDecodeException e) {
            call.fail(e);
            return;
        }
        call.complete(bytes, options.registry(), options.maxInflated());
    }

    /** A service answer that names the request by msg_id outside rpc_result (pong, future_salts). */
    private void answer(long reqMsgId, byte[] body) {
        PendingCall<?> call = pending.remove(reqMsgId);
        if (call != null) {
            call.complete(body, options.registry(), options.maxInflated());
        }
    }

    private void badMessage(long serverMsgId, BadMsgNotification bad) {
        int code = bad.errorCode();
        if (code == 16 || code == 17) {
            msgIds.correctFrom(serverMsgId);
            LOG.log(
                    Level.INFO,
                    "clock corrected by bad_msg_notification {0}: offset now {1} ms",
                    code,
                    msgIds.offsetMillis());
            handler.stateChanged();
            resend(bad.badMsgId());
            return;
        }
        BadMessageException error = new BadMessageException(code, bad.badMsgId());
        for (long id : expand(bad.badMsgId())) {
            PendingCall<?> call = pending.remove(id);
            if (call != null) {
                call.fail(error);
            }
        }
    }

    private void resend(long badMsgId) {
        List<Outbound> again = new ArrayList<>();
        for (long id : expand(badMsgId)) {
            PendingCall<?> call = pending.remove(id);
            if (call != null && !call.future().isDone()) {
                again.add(new Outbound(call.body(), true, call));
            }
        }
        for (Outbound out : again) {
            if (!queue.offerNow(out) && out.call() != null) {
                out.call().fail(new ClientClosedException("the session is closed"));
            }
        }
    }

    /** The msg_ids inside container {@code msgId}, or just {@code msgId}. */
    private List<Long> expand(long msgId) {
        containerLock.lock();
        try {
            List<Long> inner = containers.remove(msgId);
            return inner != null ? inner : List.of(msgId);
        } finally {
            containerLock.unlock();
        }
    }

    // ---------------------------------------------------------------- end

    private void fail(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.DEBUG, "session 0x{0} ended: {1}", Long.toHexString(sessionId), cause.toString());
        // done() completes before the calls fail: a caller that reacts to a failed call with connect() must see
        // this session as ended, or connect() would return at once and leave the client on a dead session
        done.complete(cause);
        ConnectionLostException error = new ConnectionLostException("connection lost: " + cause.getMessage(), cause);
        // the caller's calls that never left the queue cannot have run on the server: the owner may resend them
        List<PendingCall<?>> unsent = new ArrayList<>();
        for (Outbound left : queue.close()) {
            PendingCall<?> call = left.call();
            if (call != null && call.isCarryable() && !call.future().isDone()) {
                unsent.add(call);
            } else if (call != null) {
                call.fail(error);
            }
        }
        shutdown(error);
        handler.unsent(unsent, error);
        handler.closed(cause);
    }

    /** Closes the connection; pending calls fail with {@link ClientClosedException}. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shutdown(new ClientClosedException("the session was closed"));
        Thread self = Thread.currentThread();
        for (Thread t : new Thread[] {reader, writer}) {
            if (t != null && t != self) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        handler.closed(null);
        done.complete(null);
    }

    private void shutdown(IOException error) {
        for (Outbound left : queue.close()) {
            if (left.call() != null) {
                left.call().fail(error);
            }
        }
        transport.close();
        for (PendingCall<?> call : List.copyOf(pending.values())) {
            call.fail(error);
        }
        pending.clear();
    }
}
