package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.Side;
import java.io.IOException;
import java.nio.ByteBuffer;
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
