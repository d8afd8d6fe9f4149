package io.mtj.testdc;

import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.PlainMessage;
import io.mtj.core.wire.PlainMessageCodec;
import io.mtj.crypto.Digests;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlWriter;
import io.mtj.transport.Frame;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.Scheduler;
import io.mtj.transport.codec.FrameCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of the test DC: reads packets on its own virtual thread, runs the key exchange for
 * unencrypted messages and the encrypted session for the others, and writes answers under a lock (updates pushed
 * from other threads share it).
 */
final class DcConnection {
    private static final System.Logger LOG = System.getLogger(DcConnection.class.getName());

    /**
     * The largest container body the DC builds: the framing's maximum packet ({@link FrameCodec#DEFAULT_MAX_FRAME})
     * less the encryption's overhead (auth_key_id, msg_key, the 32-byte header and up to 1024 bytes of padding), with
     * room to spare. Four 1 MB answers once went out as one container over the limit and the client closed the
     * connection; now they go as two packets.
     */
    static final int MAX_CONTAINER_BODY = FrameCodec.DEFAULT_MAX_FRAME - 2048;

    /**
     * One message the DC is about to send, before it has a msg_id and seqno ({@link ServerSession#seal}).
     *
     * @param reqMsgId the client message it answers (its answer is stored against it), or 0
     */
    record Out(MsgIdKind kind, boolean contentRelated, byte[] body, long reqMsgId) {}

    private final DcState dc;
    private final Connections connections;
    private final SessionProtocol protocol;
    private final FramedTransport transport;
    private final ByteBudgetWire budget;
    private final DhExchange dh;
    private final Map<Long, MessageCipher> readCiphers = new HashMap<>();
    private final Map<Long, MessageCipher> writeCiphers = new HashMap<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final List<byte[]> held = new ArrayList<>();
    private int holdTarget;
    /** The armed ping_delay_disconnect deadline, a task on the library's one timer. */
    private final AtomicReference<Scheduler.@Nullable Cancellable> disconnectTimer = new AtomicReference<>();

    private volatile boolean closed;

    DcConnection(
            DcState dc,
            Connections connections,
            SessionProtocol protocol,
            FramedTransport transport,
            ByteBudgetWire budget) {
        this.dc = dc;
        this.connections = connections;
        this.protocol = protocol;
        this.transport = transport;
        this.budget = budget;
        this.dh = new DhExchange(dc.dhContext());
    }

    ByteBudgetWire budget() {
        return budget;
    }

    /** Reads and answers packets until the client leaves or the DC closes. */
    void run() {
        try {
            while (!closed) {
                Frame frame = transport.receive();
                if (!(frame instanceof Frame.Packet packet)) {
                    continue;
                }
                dc.faults().awaitStall(this);
                if (closed) {
                    break;
                }
                int error = dc.faults().errorOnNextPacket.getAndSet(0);
                if (error != 0) {
                    sendErrorAndClose(error);
                    break;
                }
                handlePacket(packet.payload(), packet.quickAckRequested());
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "test DC connection failed; closing it", e);
        } finally {
            close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The connection speaks MTProto's HTTP transport: answers only requests, one session may use several. */
    boolean http() {
        return transport.framing() == Framing.HTTP;
    }

    /** HTTP: a request of this connection waits for its answer, so a packet sent now goes out at once. */
    boolean httpAwaiting() {
        return transport.httpAwaiting();
    }

    /** HTTP: the request being handled asked (http_wait) to be held up to {@code maxWait} while nothing is due. */
    void httpHold(Duration maxWait) {
        transport.httpHold(maxWait);
    }

    /** HTTP: the packets queued for a request that has not come, removed so another connection can carry them. */
    List<byte[]> takeHttpQueued() {
        return transport.takeHttpQueued();
    }

    /** HTTP: sends packets sealed and encrypted for another connection of the same session. */
    void handOver(List<byte[]> packets) {
        if (packets.isEmpty()) {
            return;
        }
        sendLock.lock();
        try {
            for (byte[] packet : packets) {
                transport.send(packet);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: handing HTTP answers over failed: " + e.getMessage());
            close();
        } finally {
            sendLock.unlock();
        }
    }

    void close() {
        closed = true;
        cancelDisconnect();
        transport.close();
        connections.closed(this);
    }

    /** Sends a transport error frame, then closes. */
    void sendErrorAndClose(int code) {
        try {
            transport.sendError(code);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not send transport error: " + e.getMessage());
        }
        close();
    }

    /**
     * Arms the ping_delay_disconnect deadline: the connection closes {@code delay} from now unless another ping moves
     * the deadline first. A task on {@link Scheduler#shared()}, cancelled when the connection closes.
     */
    void disconnectAfter(Duration delay) {
        Scheduler.Cancellable previous =
                disconnectTimer.getAndSet(Scheduler.shared().schedule(delay, this::close));
        if (previous != null) {
            previous.cancel();
        }
        if (closed) {
            cancelDisconnect(); // closed meanwhile: close() may have looked before the timer was set
        }
    }

    private void cancelDisconnect() {
        Scheduler.Cancellable timer = disconnectTimer.getAndSet(null);
        if (timer != null) {
            timer.cancel();
        }
    }

    private void handlePacket(byte[] packet, boolean quickAck) throws IOException {
        if (packet.length < 8) {
            LOG.log(Level.DEBUG, "test DC: packet of " + packet.length + " bytes is too short; closing");
            sendErrorAndClose(-404);
            return;
        }
        long authKeyId = TestDc.leLong(packet, 0);
        if (authKeyId == 0) {
            handlePlain(packet);
        } else {
            handleEncrypted(authKeyId, packet, quickAck);
        }
    }

    private void handlePlain(byte[] packet) {
        byte[] reply;
        DhExchange exchange;
        try {
            PlainMessage message = PlainMessageCodec.decode(packet, MsgIdKind.Peer.CLIENT);
            // over HTTP each step may come on another connection (a proxy may close after every answer)
            exchange = http() ? dc.httpExchanges().of(message.body()) : dh;
            reply = exchange.handle(message.body());
        } catch (InvalidMessageException e) {
            dc.handshakeFailed(
                    new HandshakeException(HandshakeException.Reason.MALFORMED, String.valueOf(e.getMessage()), e));
            sendErrorAndClose(-404);
            return;
        } catch (HandshakeException e) {
            dc.handshakeFailed(e);
            sendErrorAndClose(-404);
            return;
        }
        DhExchange.Result done = exchange.result();
        if (done != null) {
            dc.keyCreated(done);
        }
        sendLock.lock();
        try {
            send(PlainMessageCodec.encode(new PlainMessage(dc.msgIds().next(MsgIdKind.SERVER_RESPONSE), reply)));
        } catch (IOException e) {
            close();
        } finally {
            sendLock.unlock();
        }
    }

    private void handleEncrypted(long authKeyId, byte[] packet, boolean quickAck) throws IOException {
        byte[] authKey = dc.authKey(authKeyId);
        if (authKey == null) {
            LOG.log(Level.DEBUG, () -> "test DC: unknown auth_key_id 0x" + Long.toHexString(authKeyId));
            sendErrorAndClose(-404);
            return;
        }
        MessageCipher cipher = readCiphers.computeIfAbsent(authKeyId, k -> new MessageCipher(authKey));
        byte[] plain;
        try {
            plain = cipher.decrypt(Direction.CLIENT_TO_SERVER, packet);
        } catch (SecurityCheckException e) {
            LOG.log(Level.DEBUG, () -> "test DC: dropping connection: " + e.getMessage());
            sendErrorAndClose(-404);
            return;
        }
        if (quickAck) {
            sendQuickAck(authKey, plain);
        }
        protocol.receive(this, authKeyId, plain);
    }

    /**
     * Answers a packet sent with the quick-ack bit: the first 32 bits (little-endian) of {@code SHA256(substr(auth_key,
     * 88, 32) + plaintext)}, the value the client computed for its msg_key, with bit 31 set by the framing.
     */
    private void sendQuickAck(byte[] authKey, byte[] plain) {
        byte[] hash = Digests.sha256(java.util.Arrays.copyOfRange(authKey, 88, 120), plain);
        sendLock.lock();
        try {
            transport.sendQuickAck(TestDc.leInt(hash, 0));
        } catch (IOException e) {
            close();
        } finally {
            sendLock.unlock();
        }
    }

    /** Seals {@code messages} in {@code session} and sends them (pushed updates). */
    void flush(ServerSession session, List<Out> messages) {
        send(session, session.seal(messages, dc.msgIds()), 0);
    }

    /**
     * Encrypts and sends sealed {@code messages} of {@code session}: one message alone, several in msg_containers
     * each within the framing's maximum ({@link #MAX_CONTAINER_BODY}; a message larger than that goes alone). With
     * {@code cutAnswerTo} non-zero, the connection is closed halfway through the packet that carries the answer to
     * that request (the {@link CallEffect#closeMidAnswer()} fault).
     */
    void send(ServerSession session, List<SentMessage> messages, long cutAnswerTo) {
        if (messages.isEmpty() || closed) {
            return;
        }
        byte[] authKey = dc.authKey(session.authKeyId);
        if (authKey == null) {
            return;
        }
        sendLock.lock();
        try {
            MessageCipher cipher = writeCiphers.computeIfAbsent(session.authKeyId, k -> new MessageCipher(authKey));
            for (List<SentMessage> batch : batches(messages)) {
                boolean cut = cutAnswerTo != 0 && batch.stream().anyMatch(m -> m.reqMsgId() == cutAnswerTo);
                byte[] body;
                long msgId;
                int seqNo;
                if (batch.size() == 1) {
                    SentMessage only = batch.get(0);
                    body = only.body();
                    msgId = only.msgId();
                    seqNo = only.seqNo();
                } else {
                    body = container(batch);
                    boolean anyResponse = batch.stream().anyMatch(m -> (m.msgId() & 3) == 1);
                    msgId = dc.msgIds().next(anyResponse ? MsgIdKind.SERVER_RESPONSE : MsgIdKind.SERVER_NOTICE);
                    seqNo = session.containerSeqNo();
                }
                long salt = dc.salt(session.authKeyId);
                byte[] plain =
                        EnvelopeCodec.encode(new Envelope(salt, session.sessionId, msgId, seqNo, body), dc.random());
                byte[] packet = cipher.encrypt(Direction.SERVER_TO_CLIENT, plain);
                if (cut) {
                    budget.budget(packet.length / 2);
                }
                send(packet);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: send failed: " + e.getMessage());
            close();
        } finally {
            sendLock.unlock();
        }
    }

    /** Groups messages, in order, into packets whose container body stays within {@link #MAX_CONTAINER_BODY}. */
    static List<List<SentMessage>> batches(List<SentMessage> messages) {
        List<List<SentMessage>> out = new ArrayList<>();
        List<SentMessage> current = new ArrayList<>();
        long size = 8;
        for (SentMessage m : messages) {
            long add = 16L + m.body().length;
            if (!current.isEmpty() && size + add > MAX_CONTAINER_BODY) {
                out.add(current);
                current = new ArrayList<>();
                size = 8;
            }
            current.add(m);
            size += add;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static byte[] container(List<SentMessage> batch) {
        TlWriter container = new TlWriter();
        container.writeInt(ServiceIds.MSG_CONTAINER).writeInt(batch.size());
        for (SentMessage m : batch) {
            container.writeLong(m.msgId());
            container.writeInt(m.seqNo());
            container.writeInt(m.body().length);
            container.writeRaw(m.body());
        }
        return container.toByteArray();
    }

    /** Sends one packet, applying the duplicate and reorder faults. Called with the send lock held. */
    private void send(byte[] packet) throws IOException {
        Faults faults = dc.faults();
        if (holdTarget == 0) {
            int n = faults.reorders.getAndSet(0);
            if (n > 1) {
                holdTarget = n;
            }
        }
        if (holdTarget > 0) {
            held.add(packet);
            if (held.size() < holdTarget) {
                return;
            }
            holdTarget = 0;
            List<byte[]> batch = new ArrayList<>(held);
            held.clear();
            for (int i = batch.size() - 1; i >= 0; i--) {
                sendOnce(batch.get(i), faults);
            }
            return;
        }
        sendOnce(packet, faults);
    }

    /**
     * Sends {@code packet}, twice if the duplicate fault is armed. Whether to repeat it is decided before the first
     * copy goes out: a test that arms the fault after reading this packet must not get it again.
     */
    private void sendOnce(byte[] packet, Faults faults) throws IOException {
        boolean twice = Faults.take(faults.duplicates);
        transport.send(packet);
        if (twice) {
            transport.send(packet);
        }
    }
}
