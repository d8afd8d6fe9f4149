package io.mtj.bench.layers;

import io.mtj.bench.MemoryPipe;
import io.mtj.transport.Wire;
import io.mtj.transport.codec.Side;
import io.mtj.transport.mtproxy.FakeTlsWire;
import io.mtj.transport.ws.WebSocketWire;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code size} bytes written through a client-side layer and read back through the server-side
 * layer over an in-memory pipe: WebSocket (the client masks, the server unmasks) or fake-TLS
 * records (header per 16 KiB, no cryptography of its own).
 */
@State(Scope.Thread)
@SuppressWarnings("NullAway.Init") // JMH sets @Param fields and calls @Setup before any benchmark
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LayerBenchmark {
    @Param({"WEBSOCKET", "FAKE_TLS"})
    public String layer;

    @Param({"1024", "65536", "1048576"})
    public int size;

    private Wire writer;
    private Wire reader;
    private byte[] payload;
    private byte[] sink;

    @Setup
    public void setup() throws IOException {
        MemoryPipe pipe = new MemoryPipe(2 * size + 65_536);
        SplittableRandom random = new SplittableRandom(42);
        if (layer.equals("WEBSOCKET")) {
            writer = WebSocketWire.established(pipe, Side.CLIENT, random, 1L << 30);
            reader = WebSocketWire.established(pipe, Side.SERVER, random.split(), 1L << 30);
        } else {
            writer = FakeTlsWire.established(pipe, Side.CLIENT);
            reader = FakeTlsWire.established(pipe, Side.SERVER);
        }
        payload = new byte[size];
        random.nextBytes(payload);
        sink = new byte[size];
    }

    @Benchmark
    public byte[] writeThenRead() throws IOException {
        writer.write(payload, 0, size);
        writer.flush();
        reader.readFully(sink, 0, size);
        return sink;
    }
}
