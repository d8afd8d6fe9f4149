package io.mtj.testdc;

import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.SeqNoCounter;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The client side of an encrypted session for the tests: envelopes, msg_key, containers, nothing hidden. */
final class ClientSession {
    /** One received message (top-level or from a container). */
    record Message(long msgId, int seqNo, byte[] body) {
        int constructorId() {
            return MiniClient.intLe(body, 0);
        }

        TlReader reader() {
            return new TlReader(body, 4, body.length - 4);
        }
    }

    MiniClient client;
    final byte[] authKey;
    final long sessionId;
    long salt;
    final SeqNoCounter seq;
    private final MessageCipher out;
    private final MessageCipher in;
    private final SplittableRandom padding = new SplittableRandom(7);
    /** The msg_id and seqno of the last top-level message received. */
    long lastMsgId;

    int lastSeqNo;

    /** The length of the last packet received. */
    int lastPacketLength;

    ClientSession(MiniClient client, byte[] authKey, long salt, long sessionId) {
        this(client, authKey, salt, sessionId, new SeqNoCounter());
    }

    private ClientSession(MiniClient client, byte[] authKey, long salt, long sessionId, SeqNoCounter seq) {
        this.seq = seq;
        this.client = client;
        this.authKey = authKey;
        this.salt = salt;
        this.sessionId = sessionId;
        this.out = new MessageCipher(authKey);
        this.in = new MessageCipher(authKey);
    }

    static ClientSession of(MiniClient client, ClientHandshake h, long sessionId) {
        return new ClientSession(client, h.authKey, h.salt(), sessionId);
    }

    /** The same session over a second connection, sharing msg_ids and seqnos with this one. */
    ClientSession sibling(java.net.InetSocketAddress address) throws IOException {
        return new ClientSession(MiniClient.connect(address, client.msgIds), authKey, salt, sessionId, seq);
    }

    /** Goes on with this session over a new HTTP connection (the old one is closed). */
    void reconnectHttp(java.net.InetSocketAddress address) throws IOException {
        MiniClient next = MiniClient.connectHttp(address, client.msgIds);
        client.close();
        client = next;
    }

    /** Goes on with this session over a new connection (the old one is closed). */
    void reconnect(java.net.InetSocketAddress address) throws IOException {
        MiniClient next = MiniClient.connect(address, client.msgIds);
        client.close();
        client = next;
    }

    /** Sends a message that needs no acknowledgement (an even seqno); returns its msg_id. */
    long sendService(byte[] body) throws IOException {
        long msgId = client.msgIds.next(MsgIdKind.CLIENT);
        sendRaw(msgId, seq.next(false), salt, body);
        return msgId;
    }

    long authKeyId() {
        return io.mtj.crypto.KeyDerivation.authKeyId(authKey);
    }

    /** Sends a content-related message; returns its msg_id. */
    long send(byte[] body) throws IOException {
        long msgId = client.msgIds.next(MsgIdKind.CLIENT);
        sendRaw(msgId, seq.next(true), salt, body);
        return msgId;
    }

    /** Sends a message with every header field chosen by the caller. */
    void sendRaw(long msgId, int seqNo, long withSalt, byte[] body) throws IOException {
        byte[] plain = EnvelopeCodec.encode(new Envelope(withSalt, sessionId, msgId, seqNo, body), padding);
        client.sendPacket(out.encrypt(Direction.CLIENT_TO_SERVER, plain));
    }

    /** Receives one packet and returns its messages (a container is opened). */
    List<Message> receive() throws IOException {
        byte[] packet = client.receivePacket();
        lastPacketLength = packet.length;
        int code = MiniClient.errorCode(packet);
        if (code != 0) {
            throw new io.mtj.transport.TransportException(code);
        }
        byte[] plain = in.decrypt(Direction.SERVER_TO_CLIENT, packet);
        Envelope envelope = EnvelopeCodec.decode(plain, MsgIdKind.Peer.SERVER, sessionId, null);
        lastMsgId = envelope.msgId();
        lastSeqNo = envelope.seqNo();
        byte[] body = envelope.body();
        List<Message> messages = new ArrayList<>();
        if (MiniClient.intLe(body, 0) == ServiceIds.MSG_CONTAINER) {
            TlReader r = new TlReader(body, 4, body.length - 4);
            int n = r.readInt();
            for (int i = 0; i < n; i++) {
                long id = r.readLong();
                int s = r.readInt();
                int len = r.readInt();
                messages.add(new Message(id, s, r.readRaw(len)));
            }
            r.expectEnd();
        } else {
            messages.add(new Message(envelope.msgId(), envelope.seqNo(), body));
        }
        return messages;
    }

    /** Receives packets until one holds a message with {@code constructorId}; returns it (others are skipped). */
    Message receiveUntil(int constructorId) throws IOException {
        for (int i = 0; i < 10; i++) {
            for (Message m : receive()) {
                if (m.constructorId() == constructorId) {
                    return m;
                }
            }
        }
        throw new IOException("no message 0x" + Integer.toHexString(constructorId) + " in 10 packets");
    }

    /** Every message of the packets received up to and including the one holding {@code constructorId}. */
    List<Message> receiveThrough(int constructorId) throws IOException {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Message> packet = receive();
            all.addAll(packet);
            for (Message m : packet) {
                if (m.constructorId() == constructorId) {
                    return all;
                }
            }
        }
        throw new IOException("no message 0x" + Integer.toHexString(constructorId) + " in 10 packets");
    }

    static byte[] ping(long pingId) {
        return new TlWriter().writeInt(ServiceIds.PING).writeLong(pingId).toByteArray();
    }
}
