package io.mtj.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.wire.InvalidMessageException.Reason;
import io.mtj.core.wire.MsgIdKind.Peer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PlainMessageCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesExactBytes() {
        byte[] body = HEX.parseHex("f18e7ebe00112233");
        byte[] out = PlainMessageCodec.encode(new PlainMessage(0x51e57ac42770964aL, body));
        assertThat(HEX.formatHex(out))
                .isEqualTo("0000000000000000" + "4a967027c47ae551" + "08000000" + "f18e7ebe00112233");
    }

    @Test
    void roundTrips() throws Exception {
        PlainMessage m = new PlainMessage(0x51e57ac42770964dL, HEX.parseHex("01020304"));
        assertThat(PlainMessageCodec.decode(PlainMessageCodec.encode(m), Peer.SERVER))
                .isEqualTo(m);
    }

    @Test
    void rejectsNonZeroAuthKeyId() {
        byte[] out = PlainMessageCodec.encode(new PlainMessage(4, new byte[4]));
        out[3] = 1;
        assertThatThrownBy(() -> PlainMessageCodec.decode(out, Peer.CLIENT))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.AUTH_KEY_ID));
    }

    @Test
    void rejectsLengthMismatch() {
        byte[] out = PlainMessageCodec.encode(new PlainMessage(4, new byte[8]));
        out[16] = 12;
        assertThatThrownBy(() -> PlainMessageCodec.decode(out, Peer.CLIENT))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.LENGTH))
                .hasMessageContaining("is 0xc, expected 0x8");
    }

    @Test
    void rejectsShortAndWrongParity() {
        assertThatThrownBy(() -> PlainMessageCodec.decode(new byte[19], Peer.SERVER))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.TRUNCATED));
        byte[] out = PlainMessageCodec.encode(new PlainMessage(8, new byte[4]));
        assertThatThrownBy(() -> PlainMessageCodec.decode(out, Peer.SERVER))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.MSG_ID_PARITY));
    }
}
