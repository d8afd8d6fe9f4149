package io.mtj.transport.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An in-process fake proxy for one connection: the test's script reads what the dialer sent and
 * writes whatever reply it wants (valid or broken). Failures in the script surface in {@link
 * #awaitScript()}. Loopback only; close ends the connection and the thread.
 */
final class ScriptedProxy implements AutoCloseable {
    /** What the fake proxy does with the accepted connection. */
    @FunctionalInterface
    interface Script {
        void run(Socket connection) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile @Nullable Socket connection;
    private final Thread thread;

    private ScriptedProxy(ServerSocket server, Script script) {
        this.server = server;
        this.thread = Thread.ofVirtual().name("scripted-proxy").start(() -> {
            try (Socket socket = server.accept()) {
                connection = socket;
                socket.setSoTimeout(5000);
                script.run(socket);
                done.complete(null);
                // hold the connection until the test closes us, so the client sees no early EOF
                socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
    }

    static ScriptedProxy start(Script script) throws IOException {
        return new ScriptedProxy(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), script);
    }

    InetSocketAddress address() {
        return Loopback.v4(server.getLocalPort());
    }

    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Waits for the script to finish and rethrows what it threw (an assertion, say). */
    void awaitScript() throws Exception {
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = connection;
        if (s != null) {
            s.close();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
