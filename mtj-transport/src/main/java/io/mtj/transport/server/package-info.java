/** The server side: accepting a connection and detecting which framing the client speaks. */
@NullMarked
package io.mtj.transport.server;

import org.jspecify.annotations.NullMarked;
