package io.mtj.interop;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A minimal proxy on 127.0.0.1 for the interop tests, speaking SOCKS5 (no authentication, CONNECT)
 * and HTTP CONNECT on the same port, told apart by the first byte. It only relays to loopback
 * targets; anything else is refused (SOCKS5 reply 0x02, HTTP 403).
 */
final class LoopbackProxy implements AutoCloseable {
    private static final int MAX_HEADER = 8192;

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger socks = new AtomicInteger();
    private final AtomicInteger http = new AtomicInteger();

    LoopbackProxy() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        threads.add(Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop));
    }

    int port() {
        return server.getLocalPort();
    }

    /** Tunnels set up through SOCKS5 so far. */
    int socksTunnels() {
        return socks.get();
    }

    /** Tunnels set up through HTTP CONNECT so far. */
    int httpTunnels() {
        return http.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.add(Thread.ofVirtual().name("proxy-conn").start(() -> serve(client)));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            int first = in.read();
            Socket target = first == 5 ? socks5(in, out) : first == 'C' ? httpConnect(in, out) : null;
            if (target == null) {
                return;
            }
            try (target) {
                open.add(target);
                client.setSoTimeout(0);
                Thread back = Thread.ofVirtual().name("proxy-back").start(() -> copy(target, client));
                threads.add(back);
                copy(client, target);
                back.join();
            }
        } catch (IOException e) {
            // the peer went away; nothing to clean up beyond the sockets
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private @Nullable Socket socks5(InputStream in, OutputStream out) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int methods = d.readUnsignedByte();
        d.readFully(new byte[methods]);
        out.write(new byte[] {5, 0}); // no authentication
        byte[] head = new byte[4];
        d.readFully(head);
        if (head[0] != 5 || head[1] != 1) {
            out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0}); // command not supported
            return null;
        }
        @Nullable InetAddress address = socksAddress(d, head[3]);
        int port = d.readUnsignedShort();
        if (address == null || !address.isLoopbackAddress()) {
            out.write(new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0}); // not allowed by ruleset
            return null;
        }
        Socket target = new Socket();
        target.connect(new InetSocketAddress(address, port), 5000);
        out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
        socks.incrementAndGet();
        return target;
    }

    /** The SOCKS5 target address; null for a name other than localhost or an unknown type. */
    private static @Nullable InetAddress socksAddress(DataInputStream d, byte type) throws IOException {
        if (type == 1 || type == 4) {
            byte[] a = new byte[type == 1 ? 4 : 16];
            d.readFully(a);
            return InetAddress.getByAddress(a);
        }
        if (type == 3) {
            byte[] name = new byte[d.readUnsignedByte()];
            d.readFully(name);
            if (new String(name, StandardCharsets.US_ASCII).equals("localhost")) {
                return InetAddress.getLoopbackAddress();
            }
        }
        return null;
    }

    private @Nullable Socket httpConnect(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write('C');
        while (header.size() < MAX_HEADER) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            header.write(b);
            String h = header.toString(StandardCharsets.US_ASCII);
            if (h.endsWith("\r\n\r\n")) {
                List<String> request = List.of(h.substring(0, h.indexOf("\r\n")).split(" ", -1));
                int colon = request.size() == 3 ? request.get(1).lastIndexOf(':') : -1;
                if (!request.get(0).equals("CONNECT") || colon < 0) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return null;
                }
                String host =
                        request.get(1).substring(0, colon).replace("[", "").replace("]", "");
                int port = Integer.parseInt(request.get(1).substring(colon + 1));
                @Nullable InetAddress address = null;
                if (host.equals("localhost")) {
                    address = InetAddress.getLoopbackAddress();
                } else if (host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                    address = InetAddress.getByName(host); // a literal: no name lookup
                }
                if (address == null || !address.isLoopbackAddress()) {
                    out.write("HTTP/1.1 403 Forbidden\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return null;
                }
                Socket target = new Socket();
                target.connect(new InetSocketAddress(address, port), 5000);
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                http.incrementAndGet();
                return target;
            }
        }
        return null;
    }

    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
