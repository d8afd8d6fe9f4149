package io.mtj.core.auth;

import io.mtj.api.mtproto.BadMsgNotification;
import io.mtj.api.mtproto.BadServerSalt;
import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.api.mtproto.NewSessionCreated;
import io.mtj.api.mtproto.Pong;
import io.mtj.api.mtproto.RpcError;
import io.mtj.api.mtproto.RpcResult;
import io.mtj.core.RpcException;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.InvalidMessageException;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.SeqNoCounter;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlReader;
import io.mtj.transport.Frame;
import io.mtj.transport.HttpTransport;
import io.mtj.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One encrypted request and its answer in a session of their own, on a connection no {@code Session} reads yet. It
 * serves the two things a temporary key needs before calls may be written under it: {@code auth.bindTempAuthKey},
 * whose body depends on the msg_id that carries it, and a {@code ping} that proves a key reused on a new connection is
 * still known to the server (a -404 to it means no call was written under a forgotten key). {@code bad_server_salt}
 * and {@code bad_msg_notification} 16/17 are corrected and the request sent again under a new msg_id (it was not
 * processed); anything else unexpected is an {@link IOException} naming it. The session id is random and used for
 * nothing else; the server's answer is acknowledged so it does not keep it.
 */
public final class OneShotSession {
    private static final int MAX_SENDS = 3;
    private static final int MAX_PACKETS = 32;

    private final Transport transport;
    private final MessageCipher cipher;
    private final MsgIdGenerator msgIds;
    private final RandomGenerator random;
    private final long sessionId;
    private final SeqNoCounter seqNo = new SeqNoCounter();
    private long salt;
    private byte[] result = new byte[0];

    /**
     * @param transport connected, with nothing encrypted read from it yet
     * @param key the key to encrypt with
     * @param salt the server salt to start with
     * @param msgIds the client's clock-corrected msg_id source
     * @param random session id and paddings
     */
    public OneShotSession(Transport transport, AuthKey key, long salt, MsgIdGenerator msgIds, RandomGenerator random) {
        this.transport = transport;
        this.cipher = new MessageCipher(key.key());
        this.msgIds = msgIds;
        this.random = random;
        this.salt = salt;
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        this.sessionId = id;
    }

    /** {@return the session id the request is sent in} */
    public long sessionId() {
        return sessionId;
    }

    /** {@return the salt in use, after any correction the server sent} */
    public long salt() {
        return salt;
    }

    /**
     * Sends the request {@code body} builds for its msg_id and returns the answer: an {@code rpc_result}'s result, or
     * for a {@code ping} the {@code pong}.
     *
     * @param body the serialized request for a msg_id
     * @param what the request's name, for errors
     * @return the answer's serialized body
     * @throws RpcException if the server answered with an rpc_error
     * @throws IOException if the connection failed or the server answered something unexpected
     */
    public byte[] call(LongFunction<byte[]> body, String what) throws IOException {
        for (int send = 1; send <= MAX_SENDS; send++) {
            long msgId = msgIds.next();
            write(msgId, seqNo.next(true), body.apply(msgId));
            byte[] answer = await(msgId, what);
            if (answer != null) {
                return answer;
            }
        }
        throw new IOException(what + " was refused " + MAX_SENDS + " times for its salt or msg_id; giving up");
    }

    /** The answer to {@code msgId}, or null when the server refused the message unprocessed (send it again). */
    private byte @Nullable [] await(long msgId, String what) throws IOException {
        for (int packets = 0; packets < MAX_PACKETS; packets++) {
            Frame frame = transport.receive();
            if (!(frame instanceof Frame.Packet packet)) {
                continue; // a quick ack
            }
            Envelope envelope = open(packet.payload(), what);
            List<Message> messages = new ArrayList<>();
            if (new TlReader(envelope.body()).peekInt() == MsgContainer.ID) {
                TlReader in = new TlReader(envelope.body());
                in.readInt();
                messages.addAll(MsgContainer.readBody(in).messages());
            } else {
                messages.add(new Message(envelope.msgId(), envelope.seqNo(), envelope.body()));
            }
            for (Message m : messages) {
                Answer a = read(m, msgId, what);
                if (a == Answer.RETRY) {
                    return null;
                }
                if (a == Answer.RESULT) {
                    // over HTTP an ack would be one more request left waiting for an answer nobody reads
                    if (SeqNoCounter.isContentRelated(m.seqno()) && !(transport instanceof HttpTransport)) {
                        write(msgIds.next(), seqNo.next(false), new MsgsAck(List.of(m.msgId())).toByteArray());
                    }
                    return result;
                }
            }
        }
        throw new IOException(what + " got no answer in " + MAX_PACKETS + " packets");
    }

    private enum Answer {
        OTHER,
        RETRY,
        RESULT
    }

    private Answer read(Message m, long msgId, String what) throws IOException {
        TlReader in = new TlReader(m.body());
        int id = in.readInt();
        switch (id) {
            case RpcResult.ID -> {
                RpcResult r = RpcResult.readBody(in);
                if (r.reqMsgId() != msgId) {
                    return Answer.OTHER;
                }
                TlReader inner = new TlReader(r.result());
                if (inner.peekInt() == RpcError.ID) {
                    inner.readInt();
                    RpcError error = RpcError.readBody(inner);
                    throw new RpcException(error.errorCode(), new String(error.errorMessage(), StandardCharsets.UTF_8));
                }
                result = r.result();
                return Answer.RESULT;
            }
            case Pong.ID -> {
                Pong pong = Pong.readBody(in);
                if (pong.msgId() != msgId) {
                    return Answer.OTHER;
                }
                result = m.body();
                return Answer.RESULT;
            }
            case BadServerSalt.ID -> {
                BadServerSalt bad = BadServerSalt.readBody(in);
                if (bad.badMsgId() != msgId) {
                    return Answer.OTHER;
                }
                salt = bad.newServerSalt();
                return Answer.RETRY;
            }
            case BadMsgNotification.ID -> {
                BadMsgNotification bad = BadMsgNotification.readBody(in);
                if (bad.badMsgId() != msgId) {
                    return Answer.OTHER;
                }
                if (bad.errorCode() == 16 || bad.errorCode() == 17) {
                    msgIds.correctFrom(m.msgId());
                    return Answer.RETRY;
                }
                throw new IOException(
                        what + " was refused with bad_msg_notification " + bad.errorCode() + " (not processed)");
            }
            case NewSessionCreated.ID -> {
                salt = NewSessionCreated.readBody(in).serverSalt();
                return Answer.OTHER;
            }
            default -> {
                return Answer.OTHER; // acks, updates: nothing this request waits for
            }
        }
    }

    private Envelope open(byte[] packet, String what) throws IOException {
        try {
            byte[] plain = cipher.decrypt(Direction.SERVER_TO_CLIENT, packet);
            return EnvelopeCodec.decode(plain, MsgIdKind.Peer.SERVER, sessionId, null);
        } catch (SecurityCheckException | InvalidMessageException e) {
            throw new IOException("the answer to " + what + " failed a check: " + e.getMessage(), e);
        }
    }

    private void write(long msgId, int seq, byte[] body) throws IOException {
        byte[] plain = EnvelopeCodec.encode(new Envelope(salt, sessionId, msgId, seq, body), random);
        transport.send(cipher.encrypt(Direction.CLIENT_TO_SERVER, plain));
    }
}
