package io.mtj.core.auth;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.PlainMessage;
import io.mtj.core.wire.PlainMessageCodec;
import io.mtj.transport.Frame;
import io.mtj.transport.Transport;
import java.io.IOException;

/**
 * Request/answer over unencrypted messages on a transport, as the key exchange needs: wraps a body in a {@link
 * PlainMessage} with a fresh client msg_id, sends it, and returns the body of the next packet (quick acks are
 * skipped). The answer must be an unencrypted message with server parity.
 */
public final class PlainChannel {
    private final Transport transport;
    private final MsgIdGenerator msgIds;

    public PlainChannel(Transport transport, MsgIdGenerator msgIds) {
        this.transport = transport;
        this.msgIds = msgIds;
    }

    /** Sends {@code body} and waits for the answer's body. */
    public byte[] call(byte[] body) throws IOException {
        transport.send(PlainMessageCodec.encode(new PlainMessage(msgIds.next(), body)));
        while (true) {
            Frame frame = transport.receive();
            if (frame instanceof Frame.Packet packet) {
                return PlainMessageCodec.decode(packet.payload(), MsgIdKind.Peer.SERVER)
                        .body();
            }
        }
    }
}
