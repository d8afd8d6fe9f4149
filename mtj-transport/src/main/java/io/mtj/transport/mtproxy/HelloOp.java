package io.mtj.transport.mtproxy;

import java.util.List;

/**
 * One step of a ClientHello recipe, in the manner of tdlib's {@code TlsHello::Op}: a hello is a list
 * of these, written left to right by {@link ClientHelloTemplate}. Length prefixes are {@link Scope}s
 * (tdlib's begin/end scope pairs, nested instead of paired), so a recipe cannot be unbalanced.
 */
public sealed interface HelloOp {
    /** Fixed bytes. */
    record Bytes(byte[] data) implements HelloOp {
        public Bytes {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** {@code length} random bytes. */
    record RandomBytes(int length) implements HelloOp {
        public RandomBytes {
            if (length < 1 || length > 2048) {
                throw new IllegalArgumentException("random length must be 1..2048, got " + length);
            }
        }
    }

    /** {@code length} zero bytes (the client random, filled by the HMAC afterwards). */
    record Zeros(int length) implements HelloOp {}

    /** The secret's domain, as SNI. */
    record Domain() implements HelloOp {}

    /** GREASE value number {@code index} of the hello's seven, written as {@code 0xXaXa}. */
    record Grease(int index) implements HelloOp {
        public Grease {
            if (index < 0 || index >= ClientHelloTemplate.GREASE_VALUES) {
                throw new IllegalArgumentException(
                        "GREASE index must be 0.." + (ClientHelloTemplate.GREASE_VALUES - 1) + ", got " + index);
            }
        }
    }

    /** A 32-byte X25519 public key of a freshly drawn private key. */
    record X25519Key() implements HelloOp {}

    /**
     * An ML-KEM-768 encapsulation key, 1184 bytes: 768 coefficients below 3329 packed as 12-bit pairs
     * (so the key passes FIPS 203's modulus check) and a 32-byte seed.
     */
    record MlKem768Key() implements HelloOp {}

    /** A 2-byte big-endian length, then {@code body}. */
    record Scope(List<HelloOp> body) implements HelloOp {
        public Scope {
            body = List.copyOf(body);
        }
    }

    /** The parts in a random order, drawn anew for every hello (extension permutation). */
    record Permutation(List<List<HelloOp>> parts) implements HelloOp {
        public Permutation {
            parts = parts.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One of the choices, fixed when the template is {@linkplain ClientHelloTemplate#resolve
     * resolved} (tdlib's {@code random_value}: chosen once, so a client keeps one face).
     */
    record OneOf(List<List<HelloOp>> choices) implements HelloOp {
        public OneOf {
            if (choices.isEmpty()) {
                throw new IllegalArgumentException("OneOf needs at least one choice");
            }
            choices = choices.stream().map(List::copyOf).toList();
        }
    }

    /** An ECH GREASE payload of 144, 176, 208 or 240 random bytes, the length fixed on resolve. */
    record EchPayload() implements HelloOp {}

    /**
     * A padding extension ({@code 0x0015}) of zeros bringing the record to {@code 4 + target} bytes
     * when it is shorter than {@code target} bytes so far; nothing otherwise (tdlib: 513, so 517).
     */
    record Padding(int target) implements HelloOp {}
}
