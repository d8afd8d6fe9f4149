package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.ScriptedWire;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FakeTlsWireTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void clientSendsChangeCipherSpecOnceThenRecordsOfAtMost16k() throws Exception {
        ScriptedWire lower = ScriptedWire.script(new byte[0], 1);
        FakeTlsWire wire = new FakeTlsWire(lower, true);
        byte[] data = new byte[40_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        wire.write(data, 0, 25_000);
        wire.write(data, 25_000, 15_000);
        wire.flush();
        wire.write(data, 0, 3);
        wire.flush();
        byte[] out = lower.written();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(hex("14 03 03 00 01 01"));
        expected.write(hex("17 03 03 40 00"));
        expected.write(data, 0, 16384);
        expected.write(hex("17 03 03 40 00"));
        expected.write(data, 16384, 16384);
        expected.write(hex("17 03 03 1c 40"));
        expected.write(data, 32768, 7232);
        expected.write(hex("17 03 03 00 03"));
        expected.write(data, 0, 3);
        assertThat(out).isEqualTo(expected.toByteArray());
    }

    @Test
    void serverSendsNoChangeCipherSpecAndEmptyFlushSendsNothing() throws Exception {
        ScriptedWire lower = ScriptedWire.script(new byte[0], 1);
        FakeTlsWire wire = new FakeTlsWire(lower, false);
        wire.flush();
        wire.write(new byte[] {9}, 0, 1);
        wire.flush();
        assertThat(lower.written()).isEqualTo(hex("17 03 03 00 01 09"));
    }

    @Test
    void recordsAreJoinedIntoOneStreamWhateverTheChunking() throws Exception {
        byte[] in = hex("14 03 03 00 01 01 17 03 03 00 03 61 62 63 17 03 03 00 00 17 03 03 00 02 64 65");
        for (int chunk : new int[] {1, 2, 5, 100}) {
            FakeTlsWire wire = new FakeTlsWire(ScriptedWire.script(in, chunk), false);
            byte[] got = new byte[5];
            wire.readFully(got, 0, 5);
            assertThat(new String(got, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("abcde");
            assertThat(wire.read(got, 0, 5)).isEqualTo(-1);
        }
    }

    @Test
    void badRecordTypeVersionAlertAndSize() {
        assertThatThrownBy(() -> read(hex("16 03 03 00 01 00")))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.BAD_RECORD_TYPE))
                .hasMessage("fake-TLS record type: expected 0x17 (application data), got 0x16");
        assertThatThrownBy(() -> read(hex("17 03 01 00 01 00")))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.BAD_VERSION))
                .hasMessage("fake-TLS record version: expected 0x0303, got 0x0301");
        assertThatThrownBy(() -> read(hex("17 03 03 41 01")))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.OVERSIZED_RECORD))
                .hasMessage("fake-TLS record of 16641 bytes exceeds the limit of 16640");
        assertThatThrownBy(() -> read(hex("15 03 03 00 02 02 28")))
                .isInstanceOfSatisfying(
                        FakeTlsException.class, e -> assertThat(e.reason()).isEqualTo(FakeTlsException.Reason.ALERT));
        // ChangeCipherSpec is only tolerated before data
        assertThatThrownBy(() -> read(hex("17 03 03 00 01 61 14 03 03 00 01 01")))
                .hasMessage("fake-TLS record type: expected 0x17 (application data), got 0x14");
        assertThatThrownBy(() -> read(hex("14 03 03 00 02 01 01")))
                .hasMessage("fake-TLS ChangeCipherSpec: expected the single byte 0x01, got 2 bytes");
    }

    @Test
    void largestRecordIsAccepted() throws Exception {
        byte[] in = new byte[5 + FakeTlsWire.MAX_INCOMING];
        System.arraycopy(hex("17 03 03 41 00"), 0, in, 0, 5);
        Arrays.fill(in, 5, in.length, (byte) 7);
        FakeTlsWire wire = new FakeTlsWire(ScriptedWire.script(in, 4096), false);
        byte[] got = new byte[FakeTlsWire.MAX_INCOMING];
        wire.readFully(got, 0, got.length);
        assertThat(got).containsOnly((byte) 7);
    }

    @Test
    void truncatedRecordsAreErrorsNotEndOfStream() {
        assertThatThrownBy(() -> read(hex("17 03")))
                .isInstanceOf(EOFException.class)
                .hasMessage("fake-TLS stream ended inside a record header after 2 of 5 bytes");
        assertThatThrownBy(() -> read(hex("17 03 03 00 05 61")))
                .isInstanceOf(EOFException.class)
                .hasMessage("stream ended after 1 of 5 expected bytes");
    }

    @Test
    void closeClosesTheWireBelow() throws Exception {
        ScriptedWire lower = ScriptedWire.script(new byte[0], 1);
        new FakeTlsWire(lower, true).close();
        assertThat(lower.closed()).isTrue();
    }

    private static void read(byte[] in) throws Exception {
        FakeTlsWire wire = new FakeTlsWire(ScriptedWire.script(in, 3), false);
        byte[] buf = new byte[64];
        while (wire.read(buf, 0, buf.length) >= 0) {
            // drain
        }
    }
}
