/** Benchmarks of the layers under obfuscation: fake-TLS records and WebSocket frames. */
@NullMarked
package io.mtj.bench.layers;

import org.jspecify.annotations.NullMarked;
