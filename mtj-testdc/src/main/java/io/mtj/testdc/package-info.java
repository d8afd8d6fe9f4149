/**
 * A local Telegram data centre for tests: the server side of the transports, the DH key exchange, the encrypted
 * MTProto 2.0 session and a small RPC set, with scripted answers and fault injection. Start one with {@link
 * io.mtj.testdc.TestDc#builder()}.
 */
@NullMarked
package io.mtj.testdc;

import org.jspecify.annotations.NullMarked;
