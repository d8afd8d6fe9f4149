package io.mtj.core.session;

import io.mtj.api.mtproto.Message;
import io.mtj.api.mtproto.MsgContainer;
import io.mtj.api.mtproto.MsgsAck;
import io.mtj.core.wire.Envelope;
import io.mtj.core.wire.EnvelopeCodec;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.crypto.Direction;
import io.mtj.crypto.MessageCipher;
import io.mtj.tl.TlObject;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The server end of a {@link PipeTransport}: decrypts what the client sent and encrypts answers, using the shared codecs. */
final class FakeServerSide {
    final PipeTransport pipe;
    final MessageCipher cipher;
    final MsgIdGenerator msgIds;
    final SplittableRandom random = new SplittableRandom(11);
    long sessionId;
    int seq = 1;

    FakeServerSide(PipeTransport pipe, byte[] authKey, MsgIdGenerator msgIds) {
        this.pipe = pipe;
        this.cipher = new MessageCipher(authKey);
        this.msgIds = msgIds;
    }

    /** The next envelope the client sent. */
    Envelope receive() throws Exception {
        byte[] plain = cipher.decrypt(Direction.CLIENT_TO_SERVER, pipe.nextFromClient());
        Envelope e = EnvelopeCodec.decode(plain, MsgIdKind.Peer.CLIENT, msgIds);
        sessionId = e.sessionId();
        return e;
    }

    /** The messages of an envelope: the container's, or the envelope itself as one message. */
    static List<Message> messages(Envelope e) throws Exception {
        TlReader in = new TlReader(e.body());
        if (in.peekInt() == MsgContainer.ID) {
            return MsgContainer.read(in).messages();
        }
        return List.of(new Message(e.msgId(), e.seqNo(), e.body()));
    }

    /** The next non-ack messages the client sent (skipping ack-only packets and acks inside containers). */
    List<Message> receiveCalls() throws Exception {
        while (true) {
            List<Message> out = new ArrayList<>();
            for (Message m : messages(receive())) {
                if (new TlReader(m.body()).peekInt() != MsgsAck.ID) {
                    out.add(m);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
    }

    /** The next envelope carrying something other than acks. */
    Envelope receiveCallsEnvelope() throws Exception {
        while (true) {
            Envelope e = receive();
            for (Message m : messages(e)) {
                if (new TlReader(m.body()).peekInt() != MsgsAck.ID) {
                    return e;
                }
            }
        }
    }

    byte[] encrypt(long salt, long msgId, int seqNo, byte[] body) {
        byte[] plain = EnvelopeCodec.encode(new Envelope(salt, sessionId, msgId, seqNo, body), random);
        return cipher.encrypt(Direction.SERVER_TO_CLIENT, plain);
    }

    /** Sends {@code body} as a content-related server response; returns its msg_id. */
    long send(byte[] body) {
        long id = msgIds.next(MsgIdKind.SERVER_RESPONSE);
        pipe.toClient.add(encrypt(0, id, seq, body));
        seq += 2;
        return id;
    }

    /** Sends {@code object} with an even seqno (not content-related, like a container). */
    long sendNotContent(TlObject object) {
        long id = msgIds.next(MsgIdKind.SERVER_RESPONSE);
        pipe.toClient.add(encrypt(0, id, seq - 1, TlWriter.serialize(object)));
        return id;
    }

    /** The first non-ack message of an envelope. */
    static Message callIn(Envelope e) throws Exception {
        for (Message m : messages(e)) {
            if (new TlReader(m.body()).peekInt() != MsgsAck.ID) {
                return m;
            }
        }
        throw new AssertionError("no call in the envelope");
    }

    long send(TlObject object) {
        return send(TlWriter.serialize(object));
    }
}
