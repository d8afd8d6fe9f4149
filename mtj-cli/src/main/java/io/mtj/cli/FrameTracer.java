package io.mtj.cli;

import io.mtj.transport.FrameListener;
import io.mtj.transport.Framing;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code --trace}: prints every MTProto packet the client sends and receives, as the transport sees
 * it before encoding and after decoding (no framing header, no obfuscation), plus quick-ack tokens
 * and transport error codes. Unencrypted packets (the key exchange) are readable; encrypted ones
 * are ciphertext after their auth_key_id and msg_key. The client's keys never pass through here.
 */
final class FrameTracer implements FrameListener {
    private final PrintStream out;
    private final ReentrantLock printLock = new ReentrantLock();

    FrameTracer(PrintStream out) {
        this.out = out;
    }

    @Override
    public void packet(Direction direction, Framing framing, byte[] bytes, int off, int len, boolean quickAck) {
        print(HexDump.format(
                direction.arrow(), framing.name(), quickAck ? ", quick ack requested" : "", bytes, off, len));
    }

    @Override
    public void quickAck(Direction direction, Framing framing, int token) {
        print(HexDump.header(direction.arrow(), framing.name()) + " quick ack "
                + String.format(Locale.ROOT, "0x%08x", token));
    }

    @Override
    public void error(Direction direction, Framing framing, int code) {
        print(HexDump.header(direction.arrow(), framing.name()) + " transport error " + code);
    }

    private void print(String text) {
        printLock.lock();
        try {
            out.println(text);
            out.flush();
        } finally {
            printLock.unlock();
        }
    }
}
