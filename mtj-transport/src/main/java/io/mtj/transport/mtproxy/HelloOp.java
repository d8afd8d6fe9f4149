package io.mtj.transport.mtproxy;

import java.util.List;

/**
 * One step of a ClientHello recipe, in the manner of tdlib's {@code TlsHello::Op}: a hello is a list
 * of these, written left to right by {@link ClientHelloTemplate}. Length prefixes are {@link Scope}s
 * (tdlib's begin/end scope pairs, nested instead of paired), so a recipe cannot be unbalanced.
 */
public sealed interface HelloOp {
    /**
     * Fixed bytes, written as given.
     *
     * @param data the bytes; copied in and out, so the op stays immutable
     */
    record Bytes(byte[] data) implements HelloOp {
        /**
         * Copies the bytes.
         *
         * @throws NullPointerException if {@code data} is null
         */
        public Bytes {
            data = data.clone();
        }

        /**
         * Gives the bytes.
         *
         * @return a fresh copy of the bytes
         */
        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /**
     * {@code length} random bytes, drawn anew for every hello.
     *
     * @param length how many bytes, 1 to 2048
     */
    record RandomBytes(int length) implements HelloOp {
        /**
         * Checks the length.
         *
         * @throws IllegalArgumentException if {@code length} is outside 1 to 2048
         */
        public RandomBytes {
            if (length < 1 || length > 2048) {
                throw new IllegalArgumentException("random length must be 1..2048, got " + length);
            }
        }
    }

    /**
     * {@code length} zero bytes (the client random, filled by the HMAC afterwards).
     *
     * @param length how many bytes
     */
    record Zeros(int length) implements HelloOp {}

    /** The secret's domain, as SNI. */
    record Domain() implements HelloOp {}

    /**
     * GREASE value number {@code index} of the hello's seven, written as {@code 0xXaXa}.
     *
     * @param index which of the hello's GREASE values, 0 to {@link ClientHelloTemplate#GREASE_VALUES} - 1
     */
    record Grease(int index) implements HelloOp {
        /**
         * Checks the index.
         *
         * @throws IllegalArgumentException if {@code index} is out of range
         */
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

    /**
     * A 2-byte big-endian length, then {@code body}.
     *
     * @param body the ops whose output the length counts; copied
     */
    record Scope(List<HelloOp> body) implements HelloOp {
        /**
         * Copies the body.
         *
         * @throws NullPointerException if {@code body} or one of its ops is null
         */
        public Scope {
            body = List.copyOf(body);
        }
    }

    /**
     * The parts in a random order, drawn anew for every hello (extension permutation).
     *
     * @param parts the parts to shuffle, each a list of ops written together; copied
     */
    record Permutation(List<List<HelloOp>> parts) implements HelloOp {
        /**
         * Copies the parts.
         *
         * @throws NullPointerException if a part or one of its ops is null
         */
        public Permutation {
            parts = parts.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One of the choices, fixed when the template is {@linkplain ClientHelloTemplate#resolve
     * resolved} (tdlib's {@code random_value}: chosen once, so a client keeps one face).
     *
     * @param choices the alternatives, each a list of ops; at least one; copied
     */
    record OneOf(List<List<HelloOp>> choices) implements HelloOp {
        /**
         * Checks and copies the choices.
         *
         * @throws IllegalArgumentException if there is no choice
         */
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
     *
     * @param target the hello length, in bytes after the record header, that padding brings it up to
     */
    record Padding(int target) implements HelloOp {}
}
