/** Client side of the MTProto 2.0 authorization key exchange. */
@NullMarked
package io.mtj.core.auth;

import org.jspecify.annotations.NullMarked;
