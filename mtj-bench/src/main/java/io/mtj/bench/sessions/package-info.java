/** Harnesses (plain main programs, not JMH) for many sessions at once: heap per idle session, connect bursts. */
@NullMarked
package io.mtj.bench.sessions;

import org.jspecify.annotations.NullMarked;
