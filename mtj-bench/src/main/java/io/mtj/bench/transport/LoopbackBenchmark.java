package io.mtj.bench.transport;

import io.mtj.transport.EndOfStream;
import io.mtj.transport.Endpoint;
import io.mtj.transport.FrameSink;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A packet sent by a client transport over a 127.0.0.1 socket, echoed by a server transport made by
 * the acceptor, and received back: one request/response round trip per operation. Both ends read
 * through {@link FrameSink}, the allocation-free path the session uses.
 */
@State(Scope.Thread)
@SuppressWarnings("NullAway.Init") // JMH sets @Param fields and calls @Setup before any benchmark
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoopbackBenchmark {
    @Param({"INTERMEDIATE", "OBF_INTERMEDIATE", "ABRIDGED", "FULL"})
    public String mode;

    @Param({"64", "1024", "65536"})
    public int size;

    private ServerSocket serverSocket;
    private Thread echo;
    private FramedTransport client;
    private byte[] payload;
    private byte[] received = new byte[0];
    private final FrameSink keep = new FrameSink() {
        @Override
        public void packet(byte[] bytes, boolean quickAckRequested) {
            received = bytes;
        }

        @Override
        public void quickAck(int token) {}
    };

    @Setup(Level.Trial)
    public void setup() throws IOException {
        boolean obfuscated = mode.startsWith("OBF_");
        Framing framing = Framing.valueOf(obfuscated ? mode.substring(4) : mode);
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        TransportAcceptor acceptor = TransportAcceptor.builder().build();
        echo = Thread.ofVirtual().name("mtj-bench-echo").start(() -> {
            try (Socket s = serverSocket.accept()) {
                Accepted a = acceptor.accept(s);
                try (FramedTransport t = a.transport()) {
                    FrameSink sendBack = new FrameSink() {
                        @Override
                        public void packet(byte[] bytes, boolean quickAckRequested) throws IOException {
                            t.send(bytes);
                        }

                        @Override
                        public void quickAck(int token) {}
                    };
                    while (true) {
                        t.receive(sendBack);
                    }
                }
            } catch (EndOfStream expected) {
                // the client closed
            } catch (IOException e) {
                // teardown closed the sockets
            }
        });
        client = FramedTransport.client(TransportOptions.builder()
                .framing(framing)
                .obfuscated(obfuscated)
                .build());
        client.connect(Endpoint.of("127.0.0.1", serverSocket.getLocalPort(), 2));
        payload = new byte[size];
        new SplittableRandom(7).nextBytes(payload);
        payload[3] = 1; // never a negative 4-byte error code
    }

    @TearDown(Level.Trial)
    public void teardown() throws Exception {
        client.close();
        serverSocket.close();
        echo.join(2000);
    }

    @Benchmark
    public byte[] echoRoundTrip() throws IOException {
        client.send(payload);
        client.receive(keep);
        return received;
    }
}
