/**
 * Test fixtures shared by the modules' tests: the external programs the proxy tests start (dante,
 * tinyproxy, stunnel, openssl), found or reported as missing, and run on loopback ports with
 * temporary configuration files. A module of its own so that no main build step depends on another
 * module's test classes.
 */
@NullMarked
package io.mtj.testkit;

import org.jspecify.annotations.NullMarked;
