package io.mtj.core;

/**
 * A listener's registration, returned by {@link TelegramClient#subscribe} and {@link
 * TelegramClient#subscribeRawUpdates}. Closing it removes the listener; an update already being delivered to it may
 * still arrive once. Closing twice does nothing.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener. Never throws. */
    @Override
    void close();
}
