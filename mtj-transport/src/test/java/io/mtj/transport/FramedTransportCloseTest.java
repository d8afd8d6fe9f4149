package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mtj.transport.ws.WebSocketLayer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() from another thread ends a connect() that is still in a layer handshake (the server never answers). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FramedTransportCloseTest {
    @Test
    void closeAbortsAWebSocketUpgradeTheServerNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> held = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return silent.accept();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    r -> Thread.ofVirtual().start(r));
            // the layer alone would wait 10 s for the 101 answer
            FramedTransport transport = FramedTransport.client(TransportOptions.builder()
                    .framing(Framing.PADDED_INTERMEDIATE)
                    .obfuscated(true)
                    .layer(WebSocketLayer.standard())
                    .random(new Random(7))
                    .build());
            CompletableFuture<Throwable> connect = CompletableFuture.supplyAsync(
                    () -> catchThrowable(() -> transport.connect(Endpoint.of("127.0.0.1", silent.getLocalPort(), 2))),
                    r -> Thread.ofVirtual().start(r));
            try (Socket accepted = held.get(5, TimeUnit.SECONDS)) {
                accepted.setSoTimeout(5_000);
                Thread.sleep(200);
                assertThat(connect).isNotDone();
                long start = System.nanoTime();
                transport.close();
                Throwable failure = connect.get(5, TimeUnit.SECONDS);
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(failure).isInstanceOf(IOException.class);
                assertThat(elapsedMs).isLessThan(Duration.ofSeconds(2).toMillis());
                assertThat(accepted.getInputStream().readAllBytes())
                        .as("the client sent the upgrade request, then closed")
                        .startsWith("GET /apiws ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertThat(transport.isOpen()).isFalse();
        }
    }
}
