/** The encrypted MTProto session: pending calls, acknowledgements, containers, salts, service messages. */
@NullMarked
package io.mtj.core.session;

import org.jspecify.annotations.NullMarked;
