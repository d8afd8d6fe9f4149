package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.Side;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transport state handling over an in-memory wire. */
class FramedTransportTest {
    @Test
    void sendsHeapAndDirectBuffersAsFrames() throws IOException {
        ScriptedWire wire = ScriptedWire.empty();
        FramedTransport t = FramedTransport.over(wire, FrameCodec.of(Framing.INTERMEDIATE, Side.CLIENT));
        ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 4}).position(2);
        t.send(heap);
        assertThat(heap.hasRemaining()).isFalse();
        ByteBuffer direct =
                ByteBuffer.allocateDirect(4).put(new byte[] {5, 6, 7, 8}).flip();
        t.send(direct);
        assertThat(wire.writtenHex()).isEqualTo("04000000" + "01020304" + "04000000" + "05060708");
        assertThat(wire.flushes()).isEqualTo(2);
    }

    /** Records each event as one line; packet bytes as hex of exactly the reported range. */
    private static final class RecordingListener implements FrameListener {
        final List<String> events = new ArrayList<>();
        final List<byte[]> arrays = new ArrayList<>();

        @Override
        public void packet(Direction direction, Framing framing, byte[] bytes, int off, int len, boolean quickAck) {
            arrays.add(bytes);
            events.add(direction.arrow() + " " + framing + " " + HexFormat.of().formatHex(bytes, off, off + len)
                    + (quickAck ? " quick-ack-bit" : ""));
        }

        @Override
        public void quickAck(Direction direction, Framing framing, int token) {
            events.add(direction.arrow() + " " + framing + " quick ack " + Integer.toHexString(token));
        }

        @Override
        public void error(Direction direction, Framing framing, int code) {
            events.add(direction.arrow() + " " + framing + " error " + code);
        }
    }

    /** Records what a sink was handed, optionally failing on the first packet. */
    private static final class RecordingSink implements FrameSink {
        final List<String> events = new ArrayList<>();
        boolean failFirstPacket;

        @Override
        public void packet(byte[] payload, boolean quickAckRequested) throws IOException {
            events.add("packet " + HexFormat.of().formatHex(payload) + (quickAckRequested ? " quick-ack-bit" : ""));
            if (failFirstPacket) {
                failFirstPacket = false;
                throw new IOException("sink refused the packet");
            }
        }

        @Override
        public void quickAck(int token) {
            events.add("quick ack " + Integer.toHexString(token));
        }
    }

    @Test
    void sinkReceiveHandsOverTheSameFramesAsReceive() throws IOException {
        ScriptedWire wire = ScriptedWire.of("08000000 0102030405060708" + "78563492" + "04000000 6cfeffff");
        RecordingListener listener = new RecordingListener();
        FramedTransport t = FramedTransport.over(wire, FrameCodec.of(Framing.INTERMEDIATE, Side.CLIENT), listener);
        RecordingSink sink = new RecordingSink();
        t.receive(sink);
        t.receive(sink);
        assertThatThrownBy(() -> t.receive(sink))
                .isInstanceOf(TransportException.class)
                .extracting(e -> ((TransportException) e).code())
                .isEqualTo(-404);
        assertThat(sink.events).containsExactly("packet 0102030405060708", "quick ack 92345678");
        assertThat(listener.events)
                .containsExactly(
                        "<- INTERMEDIATE 0102030405060708",
                        "<- INTERMEDIATE quick ack 92345678",
                        "<- INTERMEDIATE error -404");
        // the server's error frame closed the transport, as with receive()
        assertThatThrownBy(() -> t.receive(sink)).isInstanceOf(TransportClosedException.class);
    }

    @Test
    void aFailingSinkIsNotATransportFailure() throws IOException {
        ScriptedWire wire = ScriptedWire.of("04000000 01020304" + "04000000 05060708");
        FramedTransport t = FramedTransport.over(wire, FrameCodec.of(Framing.INTERMEDIATE, Side.SERVER));
        RecordingSink sink = new RecordingSink();
        sink.failFirstPacket = true;
        assertThatThrownBy(() -> t.receive(sink))
                .isInstanceOf(IOException.class)
                .hasMessage("sink refused the packet");
        // the frame was read whole, so the stream is intact and the transport still open
        t.receive(sink);
        assertThat(sink.events).containsExactly("packet 01020304", "packet 05060708");
    }

    @Test
    void frameListenerSeesExactlyThePayloadBothWaysAndQuickAcksAndErrors() throws IOException {
        // a packet 01..08, a quick ack 0x92345678, then the server's -404
        ScriptedWire wire = ScriptedWire.of("08000000 0102030405060708" + "78563492" + "04000000 6cfeffff");
        RecordingListener listener = new RecordingListener();
        FramedTransport t = FramedTransport.over(wire, FrameCodec.of(Framing.INTERMEDIATE, Side.CLIENT), listener);
        byte[] out = {9, 9, 1, 2, 3, 4, 9};
        t.send(out, 2, 4, true);
        assertThat(wire.writtenHex()).isEqualTo("04000080" + "01020304");
        Frame.Packet packet = (Frame.Packet) t.receive();
        assertThat(t.receive()).isEqualTo(new Frame.QuickAck(0x92345678));
        assertThatThrownBy(t::receive)
                .isInstanceOf(TransportException.class)
                .extracting(e -> ((TransportException) e).code())
                .isEqualTo(-404);
        assertThat(listener.events)
                .containsExactly(
                        "-> INTERMEDIATE 01020304 quick-ack-bit",
                        "<- INTERMEDIATE 0102030405060708",
                        "<- INTERMEDIATE quick ack 92345678",
                        "<- INTERMEDIATE error -404");
        // handed over as is: the caller's array on send, the received packet's own array on receive
        assertThat(listener.arrays).hasSize(2);
        assertThat(listener.arrays.get(0)).isSameAs(out);
        assertThat(listener.arrays.get(1)).isSameAs(packet.payload());
    }

    @Test
    void frameListenerSeesServerQuickAcksErrorsAndRequestedQuickAcks() throws IOException {
        ScriptedWire wire = ScriptedWire.of("01" + "0a0b0c0d" + "81" + "0e0f1011");
        RecordingListener listener = new RecordingListener();
        FramedTransport t = FramedTransport.over(wire, FrameCodec.of(Framing.ABRIDGED, Side.SERVER), listener);
        assertThat(((Frame.Packet) t.receive()).quickAckRequested()).isFalse();
        assertThat(((Frame.Packet) t.receive()).quickAckRequested()).isTrue();
        t.sendQuickAck(0x12345678);
        t.sendError(-429);
        t.send(new byte[] {1, 2, 3, 4});
        assertThat(listener.events)
                .containsExactly(
                        "<- ABRIDGED 0a0b0c0d",
                        "<- ABRIDGED 0e0f1011 quick-ack-bit",
                        "-> ABRIDGED quick ack 92345678",
                        "-> ABRIDGED error -429",
                        "-> ABRIDGED 01020304");
    }

    @Test
    void frameListenerDefaultsToNone() {
        assertThat(TransportOptions.defaults().frameListener()).isSameAs(FrameListener.NONE);
        FrameListener l = (direction, framing, bytes, off, len, quickAck) -> {};
        assertThat(TransportOptions.builder().frameListener(l).build().frameListener())
                .isSameAs(l);
    }

    @Test
    void closeBeforeConnectAndConnectOnServerSide() {
        FramedTransport client = FramedTransport.client(TransportOptions.defaults());
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.send(new byte[4]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("transport is not connected");
        client.close();
        assertThatThrownBy(() -> client.connect(Endpoint.of("127.0.0.1", 1, 1)))
                .isInstanceOf(TransportClosedException.class)
                .hasMessage("transport closed before connect");
        FramedTransport server =
                FramedTransport.server(ScriptedWire.empty(), FrameCodec.of(Framing.ABRIDGED, Side.SERVER));
        assertThatThrownBy(() -> server.connect(Endpoint.of("127.0.0.1", 1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a server-side transport is already connected");
        assertThatThrownBy(() -> FramedTransport.server(ScriptedWire.empty(), FrameCodec.of(Framing.FULL, Side.CLIENT)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsRefuseObfuscatedFullAndBadSecrets() {
        assertThatThrownBy(() -> TransportOptions.builder()
                        .framing(Framing.FULL)
                        .obfuscated(true)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the full framing cannot be obfuscated (it has no protocol tag)");
        assertThatThrownBy(() ->
                        TransportOptions.builder().proxySecret(new byte[17]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MTProxy secret must be 16 bytes, got 17");
        TransportOptions withSecret =
                TransportOptions.builder().proxySecret(new byte[16]).build();
        assertThat(withSecret.obfuscated()).isTrue();
        assertThat(withSecret.framing()).isEqualTo(Framing.INTERMEDIATE);
    }

    @Test
    void serverErrorDescriptions() {
        assertThat(new TransportException(-404).getMessage())
                .isEqualTo("server sent transport error -404: the server found no auth key with the id the"
                        + " packet used (or the packet was addressed to the wrong DC)");
        assertThat(new TransportException(-1).getMessage())
                .isEqualTo("server sent transport error -1: no description for this code");
    }
}
