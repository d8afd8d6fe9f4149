/**
 * Runs foreign MTProto clients (mtcute and GramJS from the npm registry) under a loopback-only
 * guard, so the test DC can be checked against what real clients send.
 */
@NullMarked
package io.mtj.interop;

import org.jspecify.annotations.NullMarked;
