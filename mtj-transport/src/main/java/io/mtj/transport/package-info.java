/** Transports, framings, obfuscation and dialers. */
@NullMarked
package io.mtj.transport;

import org.jspecify.annotations.NullMarked;
