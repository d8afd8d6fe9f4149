package io.mtj.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtj.transport.SocketWire;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our WebSocket client against websockify (a real RFC 6455 server) bridging to a loopback TCP echo
 * server. Without websockify on the PATH the test is skipped locally and fails when {@code CI=true}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebsockifyInteropTest {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

    private @Nullable ServerSocket echoListener;
    private @Nullable Thread echoThread;
    private @Nullable Process websockify;

    @AfterEach
    void teardown() throws Exception {
        if (websockify != null) {
            websockify.destroy();
            if (!websockify.waitFor(5, TimeUnit.SECONDS)) {
                websockify.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (echoListener != null) {
            echoListener.close();
        }
        if (echoThread != null) {
            echoThread.join(5_000);
            assertThat(echoThread.isAlive()).isFalse();
        }
    }

    private static Optional<Path> websockifyExecutable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir, "websockify");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    @Test
    void echoThroughWebsockify(@TempDir Path temp) throws Exception {
        Optional<Path> exe = websockifyExecutable();
        if (exe.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("websockify is not on the PATH (install it: apt-get install -y websockify)");
            }
            Assumptions.abort("websockify is not installed");
        }
        ServerSocket listener = new ServerSocket();
        echoListener = listener;
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        echoThread = Thread.ofVirtual().start(() -> {
            try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the listener was closed by teardown, or the bridge hung up
            }
        });
        int wsPort = freePort();
        Path log = temp.resolve("websockify.log");
        Process process = new ProcessBuilder(
                        exe.get().toString(), "127.0.0.1:" + wsPort, "127.0.0.1:" + listener.getLocalPort())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        websockify = process;
        Socket socket = connectWhenReady(process, wsPort, log);
        SocketWire raw = new SocketWire(socket, IO_TIMEOUT);
        raw.readTimeout(IO_TIMEOUT);
        try (WebSocketWire ws = WebSocketHandshake.client(
                raw, "127.0.0.1:" + wsPort, WebSocketHandshake.DEFAULT_PATH, new SecureRandom())) {
            for (int size : new int[] {1, 125, 126, 70_000, 300_000}) {
                byte[] payload = new byte[size];
                new Random(size).nextBytes(payload);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        ws.write(payload, 0, size);
                        ws.flush();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] back = new byte[size];
                ws.readFully(back, 0, size);
                writer.join(5_000);
                assertThat(back).as("echo of %d bytes", size).isEqualTo(payload);
            }
        }
    }

    /** Polls (bounded) until websockify listens; fails with its log if it exits or never does. */
    private static Socket connectWhenReady(Process websockify, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!websockify.isAlive()) {
                fail("websockify exited with " + websockify.exitValue() + ": " + Files.readString(log));
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                return s;
            } catch (IOException notYet) {
                s.close();
                Thread.sleep(100);
            }
        }
        return fail("websockify did not listen on port " + port + " within 15 s: " + Files.readString(log));
    }
}
