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
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection of the test DC: reads packets on its own virtual thread, runs the key exchange for
 * unencrypted messages and the encrypted session for the others, and writes answers under a lock (updates pushed
 * from other threads share it).
 */
final class DcConnection {
    private static final System.Logger LOG = System.getLogger(DcConnection.class.getName());

    /** One message the DC is about to send. */
    record Out(MsgIdKind kind, boolean contentRelated, byte[] body) {}

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
    private volatile long disconnectAtNanos;
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

    void close() {
        closed = true;
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

    /** Arms the ping_delay_disconnect deadline ({@link System#nanoTime()} based). */
    void disconnectAt(long nanos) {
        disconnectAtNanos = nanos;
    }

    /** Closes the connection if a ping_delay_disconnect deadline has passed. */
    void checkDisconnectDeadline(long nowNanos) {
        long at = disconnectAtNanos;
        if (at != 0 && nowNanos - at >= 0) {
            close();
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
        try {
            PlainMessage message = PlainMessageCodec.decode(packet, MsgIdKind.Peer.CLIENT);
            reply = dh.handle(message.body());
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
        DhExchange.Result done = dh.result();
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

    /**
     * Encrypts and sends {@code messages} (plus an ack of {@code acks}) in {@code session}: one message alone, several
     * in a msg_container.
     */
    void flush(ServerSession session, List<Out> messages, List<Long> acks) {
        List<Out> all = new ArrayList<>(messages);
        if (!acks.isEmpty()) {
            byte[] ack = new TlWriter(12 + acks.size() * 8)
                    .writeInt(ServiceIds.MSGS_ACK)
                    .writeLongVector(acks)
                    .toByteArray();
            all.add(new Out(MsgIdKind.SERVER_NOTICE, false, ack));
        }
        if (all.isEmpty() || closed) {
            return;
        }
        sendLock.lock();
        session.lock.lock();
        try {
            long msgId;
            int seqNo;
            byte[] body;
            if (all.size() == 1) {
                Out only = all.get(0);
                msgId = dc.msgIds().next(only.kind());
                seqNo = session.outSeq.next(only.contentRelated());
                body = only.body();
            } else {
                TlWriter container = new TlWriter();
                container.writeInt(ServiceIds.MSG_CONTAINER).writeInt(all.size());
                boolean anyResponse = false;
                for (Out m : all) {
                    anyResponse |= m.kind() == MsgIdKind.SERVER_RESPONSE;
                    container.writeLong(dc.msgIds().next(m.kind()));
                    container.writeInt(session.outSeq.next(m.contentRelated()));
                    container.writeInt(m.body().length);
                    container.writeRaw(m.body());
                }
                msgId = dc.msgIds().next(anyResponse ? MsgIdKind.SERVER_RESPONSE : MsgIdKind.SERVER_NOTICE);
                seqNo = session.outSeq.next(false);
                body = container.toByteArray();
            }
            long salt = dc.salt(session.authKeyId);
            byte[] plain = EnvelopeCodec.encode(new Envelope(salt, session.sessionId, msgId, seqNo, body), dc.random());
            byte[] authKey = dc.authKey(session.authKeyId);
            if (authKey == null) {
                return;
            }
            MessageCipher cipher = writeCiphers.computeIfAbsent(session.authKeyId, k -> new MessageCipher(authKey));
            send(cipher.encrypt(Direction.SERVER_TO_CLIENT, plain));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: send failed: " + e.getMessage());
            close();
        } finally {
            session.lock.unlock();
            sendLock.unlock();
        }
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

    private void sendOnce(byte[] packet, Faults faults) throws IOException {
        transport.send(packet);
        if (Faults.take(faults.duplicates)) {
            transport.send(packet);
        }
    }
}
