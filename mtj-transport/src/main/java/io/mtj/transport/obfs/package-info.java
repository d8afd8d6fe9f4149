/** The obfuscated2 layer: AES-256-CTR over any framing, with optional MTProxy secret. */
@NullMarked
package io.mtj.transport.obfs;

import org.jspecify.annotations.NullMarked;
