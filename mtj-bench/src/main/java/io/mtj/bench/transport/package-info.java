/** Transport benchmarks: framing codecs and obfuscation, in memory and over loopback. */
@NullMarked
package io.mtj.bench.transport;

import org.jspecify.annotations.NullMarked;
