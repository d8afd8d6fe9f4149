package io.mtj.core.files;

import io.mtj.tl.TlMethod;
import java.util.concurrent.CompletableFuture;

/**
 * One connection the file helpers send their parts through; {@code client::invoke} of a {@link
 * io.mtj.core.TelegramClient} is one.
 */
@FunctionalInterface
public interface FileCaller {
    /**
     * Sends {@code method} and returns at once. Called from the transfer's thread; the future may complete on any
     * thread.
     *
     * @param <R> the method's result type
     * @param method a file part to send or ask for
     * @return the answer, or the server's error or the lost connection as an exceptional completion
     */
    <R> CompletableFuture<R> invoke(TlMethod<R> method);
}
