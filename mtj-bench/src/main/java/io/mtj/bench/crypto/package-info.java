/** JMH benchmarks of mtj-crypto: AES-IGE, AES-CTR, SHA-256 and whole MTProto 2.0 messages. */
@NullMarked
package io.mtj.bench.crypto;

import org.jspecify.annotations.NullMarked;
