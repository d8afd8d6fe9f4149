/**
 * Choosing among a data centre's addresses: {@link io.mtj.transport.dial.Candidates} orders them,
 * {@link io.mtj.transport.dial.DialRace} races them happy-eyeballs style, {@link
 * io.mtj.transport.dial.Cooldown} remembers which failed.
 */
@NullMarked
package io.mtj.transport.dial;

import org.jspecify.annotations.NullMarked;
