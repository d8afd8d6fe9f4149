/** The cryptography MTProto needs, built on the JDK's providers only. */
@NullMarked
package io.mtj.crypto;

import org.jspecify.annotations.NullMarked;
