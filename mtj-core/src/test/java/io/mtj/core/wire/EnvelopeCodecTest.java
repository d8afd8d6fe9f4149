package io.mtj.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.wire.InvalidMessageException.Reason;
import io.mtj.core.wire.MsgIdKind.Peer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final long SESSION = 0x1122334455667788L;
    private final MsgIdGenerator clock = new MsgIdGenerator(InstantSource.fixed(T0));

    private static Envelope envelope(long msgId, int bodyLength) {
        byte[] body = new byte[bodyLength];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return new Envelope(0x0102030405060708L, SESSION, msgId, 7, body);
    }

    @Test
    void exactLayoutAndMinimalPadding() {
        long msgId = MsgIdGenerator.fromTime(T0);
        byte[] out = EnvelopeCodec.encode(envelope(msgId, 8), new SplittableRandom(1));
        // 32 header + 8 body = 40; least padding >= 12 to a multiple of 16 is 24 -> 64
        assertThat(out).hasSize(64);
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getLong(0)).isEqualTo(0x0102030405060708L);
        assertThat(b.getLong(8)).isEqualTo(SESSION);
        assertThat(b.getLong(16)).isEqualTo(msgId);
        assertThat(b.getInt(24)).isEqualTo(7);
        assertThat(b.getInt(28)).isEqualTo(8);
        assertThat(HexFormat.of().formatHex(out, 0, 8)).isEqualTo("0807060504030201");
        assertThat(HexFormat.of().formatHex(out, 32, 40)).isEqualTo("0001020304050607");
    }

    @Test
    void roundTripsWithEveryBodyLengthAndExtraPadding() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int len = 0; len <= 64; len += 4) {
            Envelope e = envelope(clock.next(MsgIdKind.SERVER_RESPONSE), len);
            byte[] plain = EnvelopeCodec.encode(e, random, 8);
            assertThat(plain.length % 16).isZero();
            int padding = plain.length - 32 - len;
            assertThat(padding).isBetween(12, 12 + 15 + 16 * 8);
            assertThat(EnvelopeCodec.decode(plain, Peer.SERVER, SESSION, clock)).isEqualTo(e);
        }
    }

    @Test
    void sameRandomSameBytes() {
        Envelope e = envelope(MsgIdGenerator.fromTime(T0), 20);
        assertThat(EnvelopeCodec.encode(e, new SplittableRandom(9), 3))
                .isEqualTo(EnvelopeCodec.encode(e, new SplittableRandom(9), 3));
    }

    @Test
    void rejectsBodyNotMultipleOfFourOnEncode() {
        assertThatThrownBy(() -> EnvelopeCodec.encode(envelope(4, 5), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x5");
    }

    private byte[] valid() {
        return EnvelopeCodec.encode(envelope(clock.next(MsgIdKind.SERVER_RESPONSE), 16), new SplittableRandom(3));
    }

    private static void assertReason(byte[] plain, long session, MsgIdGenerator clock, Reason reason, String text) {
        assertThatThrownBy(() -> EnvelopeCodec.decode(plain, Peer.SERVER, session, clock))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason))
                .hasMessageContaining(text);
    }

    @Test
    void rejectsTruncated() {
        assertReason(new byte[32], SESSION, clock, Reason.TRUNCATED, "got 0x20");
    }

    @Test
    void rejectsLengthNotMultipleOf16() {
        byte[] plain = valid();
        assertReason(
                java.util.Arrays.copyOf(plain, plain.length + 4), SESSION, clock, Reason.PADDING, "multiple of 16");
    }

    @Test
    void rejectsDeclaredLengthNotMultipleOf4() {
        byte[] plain = valid();
        ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 18);
        assertReason(plain, SESSION, clock, Reason.LENGTH, "is 0x12");
    }

    @Test
    void rejectsDeclaredLengthLeavingLessThan12BytesPadding() {
        byte[] plain = valid(); // 32 + 16 + padding 16 = 64
        ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 24);
        assertReason(plain, SESSION, clock, Reason.LENGTH, "between 0x0 and 0x14");
    }

    @Test
    void rejectsNegativeOrHugeDeclaredLength() {
        byte[] plain = valid();
        ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 0x7ffffffc);
        assertReason(plain, SESSION, clock, Reason.LENGTH, "0x7ffffffc");
        ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).putInt(28, -4);
        assertReason(plain, SESSION, clock, Reason.LENGTH, "0xfffffffc");
    }

    @Test
    void rejectsPaddingAbove1024() {
        long msgId = clock.next(MsgIdKind.SERVER_RESPONSE);
        byte[] plain = new byte[32 + 4 + 1036]; // 1072 = 67 * 16, padding 1036
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, SESSION).putLong(16, msgId).putInt(28, 4);
        assertReason(plain, SESSION, clock, Reason.PADDING, "0x40c bytes after the body at offset 0x24");
    }

    @Test
    void rejectsOtherSession() {
        assertReason(valid(), SESSION + 1, clock, Reason.SESSION_ID, "session_id");
    }

    @Test
    void rejectsClientParityFromServer() {
        byte[] plain = EnvelopeCodec.encode(envelope(clock.next(MsgIdKind.CLIENT), 4), new SplittableRandom(1));
        assertReason(plain, SESSION, clock, Reason.MSG_ID_PARITY, "low bits 0");
        // and the server accepts it from a client, without knowing the session yet
        assertThat(catchDecode(plain)).isNull();
    }

    private static @Nullable InvalidMessageException catchDecode(byte[] plain) {
        try {
            EnvelopeCodec.decode(plain, Peer.CLIENT, null);
            return null;
        } catch (InvalidMessageException e) {
            return e;
        }
    }

    @Test
    void rejectsMsgIdOutsideWindowWithBadMsgCodes() {
        long old = MsgIdGenerator.fromTime(T0.minusSeconds(301)) | 1;
        byte[] plain = EnvelopeCodec.encode(envelope(old, 4), new SplittableRandom(1));
        assertReason(plain, SESSION, clock, Reason.MSG_ID_TOO_OLD, "more than 300 s behind");
        assertThat(Reason.MSG_ID_TOO_OLD.badMsgCode()).isEqualTo(16);
        long future = MsgIdGenerator.fromTime(T0.plusSeconds(31)) | 3;
        byte[] plain2 = EnvelopeCodec.encode(envelope(future, 4), new SplittableRandom(1));
        assertReason(plain2, SESSION, clock, Reason.MSG_ID_TOO_NEW, "more than 30 s ahead");
        assertThat(Reason.MSG_ID_TOO_NEW.badMsgCode()).isEqualTo(17);
        // with the window check turned off both pass
        assertThat(catchServerDecode(plain)).isNull();
    }

    private static @Nullable InvalidMessageException catchServerDecode(byte[] plain) {
        try {
            EnvelopeCodec.decode(plain, Peer.SERVER, SESSION, null);
            return null;
        } catch (InvalidMessageException e) {
            return e;
        }
    }
}
