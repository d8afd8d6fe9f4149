package io.mtj.bench.transport;

import io.mtj.bench.MemoryPipe;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.Wire;
import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.Side;
import io.mtj.transport.obfs.ObfuscatedWire;
import io.mtj.transport.obfs.ObfuscationHeader;
import java.io.IOException;
import java.util.List;
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
 * One frame encoded by a client codec and decoded by a server codec through an in-memory pipe (no
 * sockets): the cost of framing and, with {@code OBF_}, of obfuscation in both directions' ciphers.
 * Payloads are shaped as unencrypted MTProto packets so padded intermediate can strip its padding.
 */
@State(Scope.Thread)
@SuppressWarnings("NullAway.Init") // JMH sets @Param fields and calls @Setup before any benchmark
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramingBenchmark {
    @Param({
        "ABRIDGED",
        "INTERMEDIATE",
        "PADDED_INTERMEDIATE",
        "FULL",
        "OBF_ABRIDGED",
        "OBF_INTERMEDIATE",
        "OBF_PADDED_INTERMEDIATE"
    })
    public String mode;

    @Param({"64", "1024", "65536"})
    public int size;

    private FrameCodec client;
    private FrameCodec server;
    private Wire clientWire;
    private Wire serverWire;
    private byte[] payload;

    @Setup
    public void setup() throws IOException {
        boolean obfuscated = mode.startsWith("OBF_");
        Framing framing = Framing.valueOf(obfuscated ? mode.substring(4) : mode);
        SplittableRandom random = new SplittableRandom(42);
        client = FrameCodec.of(framing, Side.CLIENT, 1 << 20, random);
        server = FrameCodec.of(framing, Side.SERVER, 1 << 20, random.split());
        MemoryPipe pipe = new MemoryPipe(4 * size + 4096);
        if (obfuscated) {
            clientWire = ObfuscatedWire.client(pipe, ObfuscationHeader.random(random), framing, 2, null);
            serverWire = ObfuscatedWire.server(pipe, List.of(), true);
        } else {
            client.writeTag(pipe);
            byte[] tag = new byte[framing == Framing.ABRIDGED ? 1 : framing == Framing.FULL ? 0 : 4];
            pipe.readFully(tag, 0, tag.length);
            clientWire = pipe;
            serverWire = pipe;
        }
        payload = new byte[size];
        random.nextBytes(payload);
        for (int i = 0; i < 8; i++) {
            payload[i] = 0; // auth_key_id 0: an unencrypted packet
        }
        int dataLength = size - 20;
        payload[16] = (byte) dataLength;
        payload[17] = (byte) (dataLength >>> 8);
        payload[18] = (byte) (dataLength >>> 16);
        payload[19] = (byte) (dataLength >>> 24);
    }

    /** Keeps the last packet so that JMH can consume it. */
    private static final class LastPacket implements FrameSink {
        byte[] last = new byte[0];

        @Override
        public void packet(byte[] payload, boolean quickAckRequested) {
            last = payload;
        }

        @Override
        public void quickAck(int token) {
            throw new IllegalStateException("no quick acks in this benchmark");
        }
    }

    private final LastPacket sink = new LastPacket();

    /** One frame each way through the allocation-free sink read: the payload is the only allocation. */
    @Benchmark
    public byte[] roundTrip() throws IOException {
        client.writeFrame(clientWire, payload, 0, payload.length, false);
        clientWire.flush();
        server.readFrame(serverWire, sink);
        return sink.last;
    }

    /** The same through the {@link Frame}-returning read, which adds one small object per frame. */
    @Benchmark
    public Frame roundTripFrameObject() throws IOException {
        client.writeFrame(clientWire, payload, 0, payload.length, false);
        clientWire.flush();
        return server.readFrame(serverWire);
    }
}
