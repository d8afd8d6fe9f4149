package io.mtj.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.core.ConnectionListener;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key exchange against a server whose resPQ, server_DH_params or dh_gen answer has one word of its body
 * corrupted (seeded: hostile values and bit flips). Every run ends within seconds, either with an auth key or with
 * a typed {@link IOException} (a failed check, an undecodable answer); never with another exception.
 */
class KeyExchangeMutationTest {
    private static final int MUTANTS_PER_ANSWER = 40;
    private static final int[] HOSTILE = {0, -1, 0x7fffffff, 0x80000000, 0x1cb5c415, 0x000000fe, 0x00fffffe, 8};
    private static RsaKeyPair rsa;

    @BeforeAll
    static void keys() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(7);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    @Test
    void everyCorruptedServerAnswerEndsTheExchangeWithAKeyOrATypedError() throws Exception {
        SplittableRandom random = new SplittableRandom(0xd4);
        List<String> failures = new ArrayList<>();
        int runs = 0;
        int refused = 0;
        for (int answer = 0; answer < 3; answer++) {
            for (int m = 0; m < MUTANTS_PER_ANSWER; m++) {
                Corrupting transport = new Corrupting(
                        new FakeDhServer(rsa, new SplittableRandom(99), EnumSet.noneOf(FakeDhServer.Fault.class)),
                        answer,
                        random);
                InstantSource clock = InstantSource.fixed(FakeDhServer.SERVER_TIME);
                KeyExchange exchange = new KeyExchange(
                        List.of(rsa.publicKey()), new SplittableRandom(m), clock, 2, new ConnectionListener() {});
                CompletableFuture<AuthKey> run = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        run.complete(exchange.run(new PlainChannel(transport, new MsgIdGenerator(clock))));
                    } catch (Throwable t) {
                        run.completeExceptionally(t);
                    }
                });
                runs++;
                try {
                    run.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException) {
                        refused++;
                    } else {
                        failures.add("answer " + answer + " " + transport.what + ": " + e.getCause());
                    }
                } catch (TimeoutException e) {
                    failures.add("answer " + answer + " " + transport.what + ": no end within 10 s");
                }
            }
        }
        System.out.printf(
                "key exchange mutation: %d corrupted answers, %d refused with a typed error%n", runs, refused);
        assertThat(failures).isEmpty();
        assertThat(refused).isPositive();
    }

    /** Passes frames through, corrupting one word of the body of answer number {@code target}. */
    private static final class Corrupting implements Transport {
        /** auth_key_id, msg_id and length precede the body of a plain message. */
        private static final int HEADER = 20;

        private final Transport inner;
        private final int target;
        private final SplittableRandom random;
        private int answers;
        String what = "untouched";

        Corrupting(Transport inner, int target, SplittableRandom random) {
            this.inner = inner;
            this.target = target;
            this.random = random;
        }

        @Override
        public void connect(Endpoint endpoint) {}

        @Override
        public void send(byte[] payload, int off, int len, boolean quickAck) throws IOException {
            try {
                inner.send(payload, off, len, quickAck);
            } catch (RuntimeException e) {
                // the fake server cannot answer what a corrupted exchange made the client send: the peer hangs up
                throw new IOException("the fake server could not answer: " + e, e);
            }
        }

        @Override
        public Frame receive() throws IOException {
            Frame frame = inner.receive();
            if (answers++ != target || !(frame instanceof Frame.Packet p)) {
                return frame;
            }
            byte[] bad = p.payload().clone();
            ByteBuffer buf = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
            int word = HEADER / 4 + 1 + random.nextInt((bad.length - HEADER) / 4 - 1);
            int value = random.nextBoolean()
                    ? HOSTILE[random.nextInt(HOSTILE.length)]
                    : buf.getInt(word * 4) ^ (1 << random.nextInt(32));
            buf.putInt(word * 4, value);
            what = "word " + word + " = 0x" + Integer.toHexString(value);
            return new Frame.Packet(bad);
        }

        @Override
        public void close() {}
    }
}
