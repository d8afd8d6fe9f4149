/** The four MTProto TCP framings, each one class used by both the client and the server side. */
@NullMarked
package io.mtj.transport.codec;

import org.jspecify.annotations.NullMarked;
