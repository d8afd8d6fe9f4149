package io.mtj.testdc;

/**
 * One {@code ping_delay_disconnect} the test DC received.
 *
 * @param pingId the ping_id the client chose
 * @param disconnectDelay the disconnect_delay asked for, in seconds
 * @param sessionId the client's session id
 * @param receivedAtNanos {@link System#nanoTime()} when the DC processed it
 */
public record ReceivedPing(long pingId, int disconnectDelay, long sessionId, long receivedAtNanos) {}
