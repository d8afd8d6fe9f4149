package io.mtj.core.files;

import io.mtj.tl.TlMethod;
import java.util.concurrent.CompletableFuture;

/**
 * One connection the file helpers send their parts through; {@code client::invoke} of a {@link
 * io.mtj.core.TelegramClient} is one.
 */
@FunctionalInterface
public interface FileCaller {
    <R> CompletableFuture<R> invoke(TlMethod<R> method);
}
