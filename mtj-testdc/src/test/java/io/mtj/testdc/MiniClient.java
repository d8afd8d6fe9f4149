package io.mtj.testdc;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.MsgIdKind;
import io.mtj.core.wire.PlainMessage;
import io.mtj.core.wire.PlainMessageCodec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.InstantSource;

/**
 * A deliberately small hand-rolled client transport for the tests: intermediate framing (tag ee ee ee ee, 4-byte
 * little-endian lengths) over a loopback socket, plus the unencrypted message wrapping of the key exchange. {@link
 * #connectHttp} speaks MTProto's HTTP transport instead: each packet is a {@code POST /api} and each received packet
 * the body of the next answer.
 */
final class MiniClient implements AutoCloseable {
    static final int MAX_PACKET = 16 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final MsgIdGenerator msgIds;
    private boolean http;

    private MiniClient(Socket socket, MsgIdGenerator msgIds) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.msgIds = msgIds;
    }

    static MiniClient connect(InetSocketAddress address) throws IOException {
        return connect(address, Clock.systemUTC());
    }

    static MiniClient connect(InetSocketAddress address, InstantSource clock) throws IOException {
        return connect(address, new MsgIdGenerator(clock));
    }

    /** A new connection that goes on with {@code msgIds} (the same session on its next connection). */
    static MiniClient connect(InetSocketAddress address, MsgIdGenerator msgIds) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        MiniClient client = new MiniClient(socket, msgIds);
        client.out.write(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee});
        return client;
    }

    /** A new connection speaking the HTTP transport (no tag), going on with {@code msgIds}. */
    static MiniClient connectHttp(InetSocketAddress address, MsgIdGenerator msgIds) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        MiniClient client = new MiniClient(socket, msgIds);
        client.http = true;
        return client;
    }

    void readTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void sendPacket(byte[] packet) throws IOException {
        if (http) {
            String head = "POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + packet.length + "\r\n\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(packet);
            out.flush();
            return;
        }
        byte[] framed = new byte[4 + packet.length];
        putIntLe(framed, 0, packet.length);
        System.arraycopy(packet, 0, framed, 4, packet.length);
        out.write(framed);
        out.flush();
    }

    /** Sends a packet with the intermediate quick-ack bit (bit 31 of the length) set. */
    void sendPacketQuickAck(byte[] packet) throws IOException {
        byte[] framed = new byte[4 + packet.length];
        putIntLe(framed, 0, packet.length | 0x80000000);
        System.arraycopy(packet, 0, framed, 4, packet.length);
        out.write(framed);
        out.flush();
    }

    /** Reads 4 raw bytes as a little-endian int (a quick-ack token has no length prefix). */
    int receiveRawInt() throws IOException {
        byte[] b = new byte[4];
        in.readFully(b);
        return intLe(b, 0);
    }

    /** The next packet's payload (a 4-byte payload may be an error code: see {@link #errorCode}). */
    byte[] receivePacket() throws IOException {
        if (http) {
            return receiveHttpBody();
        }
        byte[] head = new byte[4];
        in.readFully(head);
        int length = intLe(head, 0);
        if (length < 0 || length > MAX_PACKET) {
            throw new IOException("test client: bad frame length 0x" + Integer.toHexString(length));
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /** HTTP: the body of the next answer (status 200 required); its head is read line by line, bounded. */
    private byte[] receiveHttpBody() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("test client: expected HTTP/1.1 200, got: " + status);
        }
        int length = -1;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0 || length > MAX_PACKET) {
            throw new IOException("test client: bad HTTP Content-Length " + length);
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.length() > 8192) {
                throw new IOException("test client: HTTP head ended or too long: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** The negative error code of a 4-byte error packet, or 0 if {@code packet} is not one. */
    static int errorCode(byte[] packet) {
        if (packet.length == 4 && intLe(packet, 0) < 0) {
            return intLe(packet, 0);
        }
        return 0;
    }

    /** Reads the next packet and requires it to be a transport error frame. */
    int receiveError() throws IOException {
        byte[] packet = receivePacket();
        int code = errorCode(packet);
        if (code == 0) {
            throw new IOException("expected a transport error frame, got a packet of " + packet.length + " bytes");
        }
        return code;
    }

    /** True when the server closed the stream (reads -1 before any byte). */
    boolean atEof() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Counts bytes until the end of stream (bounded). */
    int drainToEof() throws IOException {
        int n = 0;
        byte[] buf = new byte[4096];
        while (true) {
            int r;
            try {
                r = in.read(buf);
            } catch (EOFException e) {
                return n;
            }
            if (r < 0) {
                return n;
            }
            n += r;
            if (n > MAX_PACKET) {
                throw new IOException("server kept sending");
            }
        }
    }

    /** Whether nothing arrives within the current read timeout. */
    boolean silent() throws IOException {
        try {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("server closed the connection");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    long sendPlain(byte[] body) throws IOException {
        long id = msgIds.next(MsgIdKind.CLIENT);
        sendPacket(PlainMessageCodec.encode(new PlainMessage(id, body)));
        return id;
    }

    byte[] receivePlain() throws IOException {
        byte[] packet = receivePacket();
        int code = errorCode(packet);
        if (code != 0) {
            throw new io.mtj.transport.TransportException(code);
        }
        return PlainMessageCodec.decode(packet, MsgIdKind.Peer.SERVER).body();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
