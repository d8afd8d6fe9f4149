package io.mtj.transport.mtproxy;

import static io.mtj.transport.mtproxy.FakeTlsException.Reason.ALERT;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.BAD_RECORD_TYPE;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.BAD_VERSION;
import static io.mtj.transport.mtproxy.FakeTlsException.Reason.OVERSIZED_RECORD;

import io.mtj.transport.Wire;
import io.mtj.transport.codec.Side;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * The fake-TLS record layer after the handshake, the same for client and proxy: written bytes go
 * out as TLS application-data records ({@code 17 03 03 len}, at most {@value #MAX_PAYLOAD} payload
 * bytes each) and incoming records are joined back into one byte stream.
 *
 * <p>The client announces a ChangeCipherSpec record before its first data record, as a TLS 1.3
 * client in middlebox-compatibility mode does; incoming ChangeCipherSpec records are accepted (and
 * dropped) only before the first data record. Closing this wire closes the wire below.
 */
public final class FakeTlsWire implements Wire {
    /** Largest payload this layer puts in one record (the TLS plaintext limit). */
    public static final int MAX_PAYLOAD = 16 * 1024;

    /** Largest record accepted from the peer: the TLS 1.3 ciphertext limit, 2^14 + 256. */
    public static final int MAX_INCOMING = 16 * 1024 + 256;

    private static final byte[] CHANGE_CIPHER_SPEC = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};

    private final Wire lower;
    private final byte[] header = new byte[TlsBytes.RECORD_HEADER];
    private final byte[] in = new byte[MAX_INCOMING];
    private int inPos;
    private int inLimit;
    private boolean seenData;
    private boolean eof;

    private final byte[] out = new byte[TlsBytes.RECORD_HEADER + MAX_PAYLOAD];
    private int outLength;
    private boolean sendCcs;

    /**
     * The record layer of a connection whose fake-TLS handshake is already done (normally {@link
     * FakeTlsClient} and {@link FakeTlsServer} call this). The client side sends ChangeCipherSpec
     * before its first data record.
     *
     * @param lower the wire the handshake ran on; the record layer owns it
     * @param side the end this wire serves
     * @return the record layer
     */
    public static FakeTlsWire established(Wire lower, Side side) {
        return new FakeTlsWire(lower, side == Side.CLIENT);
    }

    FakeTlsWire(Wire lower, boolean sendChangeCipherSpec) {
        this.lower = lower;
        this.sendCcs = sendChangeCipherSpec;
        out[0] = TlsBytes.APPLICATION_DATA;
        out[1] = 3;
        out[2] = 3;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (inPos == inLimit) {
            if (eof || !nextRecord()) {
                eof = true;
                return -1;
            }
        }
        int n = Math.min(len, inLimit - inPos);
        System.arraycopy(in, inPos, buf, off, n);
        inPos += n;
        return n;
    }

    /** Reads one record into the input buffer; false at a clean end of stream between records. */
    private boolean nextRecord() throws IOException {
        int got = 0;
        while (got < header.length) {
            int n = lower.read(header, got, header.length - got);
            if (n < 0) {
                if (got == 0) {
                    return false;
                }
                throw new EOFException("fake-TLS stream ended inside a record header after " + got + " of 5 bytes");
            }
            got += n;
        }
        int type = header[0] & 0xff;
        int version = TlsBytes.u16(header, 1);
        int length = TlsBytes.u16(header, 3);
        if (version != 0x0303) {
            throw new FakeTlsException(
                    BAD_VERSION, String.format("fake-TLS record version: expected 0x0303, got 0x%04x", version));
        }
        if (length > MAX_INCOMING) {
            throw new FakeTlsException(
                    OVERSIZED_RECORD, "fake-TLS record of " + length + " bytes exceeds the limit of " + MAX_INCOMING);
        }
        if (type == TlsBytes.CHANGE_CIPHER_SPEC && !seenData) {
            lower.readFully(in, 0, length);
            if (length != 1 || in[0] != 1) {
                throw new FakeTlsException(
                        BAD_RECORD_TYPE,
                        "fake-TLS ChangeCipherSpec: expected the single byte 0x01, got " + length + " bytes");
            }
            return true;
        }
        if (type == TlsBytes.ALERT) {
            throw new FakeTlsException(ALERT, "fake-TLS peer sent an alert record of " + length + " bytes");
        }
        if (type != TlsBytes.APPLICATION_DATA) {
            throw new FakeTlsException(
                    BAD_RECORD_TYPE,
                    String.format("fake-TLS record type: expected 0x17 (application data), got 0x%02x", type));
        }
        lower.readFully(in, 0, length);
        seenData = true;
        inPos = 0;
        inLimit = length;
        return true;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, MAX_PAYLOAD - outLength);
            System.arraycopy(buf, off, out, TlsBytes.RECORD_HEADER + outLength, n);
            outLength += n;
            off += n;
            len -= n;
            if (outLength == MAX_PAYLOAD) {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        if (outLength == 0) {
            return;
        }
        if (sendCcs) {
            lower.write(CHANGE_CIPHER_SPEC, 0, CHANGE_CIPHER_SPEC.length);
            sendCcs = false;
        }
        TlsBytes.putU16(out, 3, outLength);
        lower.write(out, 0, TlsBytes.RECORD_HEADER + outLength);
        outLength = 0;
    }

    @Override
    public void flush() throws IOException {
        emit();
        lower.flush();
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        lower.readTimeout(timeout);
    }

    @Override
    public void close() throws IOException {
        lower.close();
    }
}
