package io.mtj.core;

import io.mtj.api.Schema;
import io.mtj.core.session.CompletionRunner;
import io.mtj.tl.TlGzip;
import io.mtj.tl.TlRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Tuning of an encrypted session.
 *
 * @param pingInterval how often ping_delay_disconnect is sent (zero: never)
 * @param disconnectDelay the disconnect_delay asked of the server, in seconds
 * @param ackDelay longest time an incoming message waits for its ack when there is no other traffic
 * @param gzipThreshold requests at least this long are gzip_packed when that makes them smaller
 * @param maxContainerMessages most messages in one msg_container (the server accepts up to 1020)
 * @param maxContainerBytes most body bytes in one msg_container
 * @param queueCapacity most messages waiting for the writer before callers block
 * @param extraPaddingBlocks up to this many random 16-byte blocks of extra padding per message
 * @param futureSalts how many salts get_future_salts asks for
 * @param maxInflated bound on inflated gzip_packed data received
 * @param registry decodes boxed objects inside results; by default {@link Schema#registry()}, one immutable
 *     instance shared by every session of the JVM
 * @param completions completes the callers' futures, so that their dependent stages never run on (and never
 *     block) the session's reader thread. By default each session has one virtual thread at a time for this,
 *     started when answers arrive and ended when all are completed; a dependent stage may still block, even on
 *     another call of the same session: when it does, another thread takes over the session's completions (at
 *     once when the blocked stage is parked as the next completion arrives, otherwise within about 20 ms)
 */
public record SessionOptions(
        Duration pingInterval,
        int disconnectDelay,
        Duration ackDelay,
        int gzipThreshold,
        int maxContainerMessages,
        int maxContainerBytes,
        int queueCapacity,
        int extraPaddingBlocks,
        int futureSalts,
        int maxInflated,
        TlRegistry registry,
        Executor completions) {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if {@code maxContainerMessages} is outside 1..1020, {@code queueCapacity} is
     *     not positive or {@code futureSalts} is outside 1..64
     */
    public SessionOptions {
        if (maxContainerMessages < 1 || maxContainerMessages > 1020) {
            throw new IllegalArgumentException("maxContainerMessages must be 1..1020, got " + maxContainerMessages);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
        }
        if (futureSalts < 1 || futureSalts > 64) {
            throw new IllegalArgumentException("futureSalts must be 1..64, got " + futureSalts);
        }
    }

    /**
     * Ping every 60 s with a 75 s disconnect delay, acks within 1 s, gzip from 512 bytes, both registries, futures
     * completed by a completion thread of each session.
     *
     * @return the defaults
     */
    public static SessionOptions defaults() {
        return new SessionOptions(
                Duration.ofSeconds(60),
                75,
                Duration.ofSeconds(1),
                512,
                1020,
                512 * 1024,
                4096,
                3,
                32,
                TlGzip.DEFAULT_MAX_INFLATED,
                Schema.registry(),
                CompletionRunner.PER_SESSION);
    }

    /**
     * With {@code ping_delay_disconnect} sent every {@code interval}; zero turns pings off.
     *
     * @param interval the interval
     * @return a copy with that interval
     */
    public SessionOptions withPingInterval(Duration interval) {
        return new SessionOptions(
                interval,
                disconnectDelay,
                ackDelay,
                gzipThreshold,
                maxContainerMessages,
                maxContainerBytes,
                queueCapacity,
                extraPaddingBlocks,
                futureSalts,
                maxInflated,
                registry,
                completions);
    }

    /**
     * With futures completed by {@code executor}; {@code Runnable::run} completes them on the reader thread, which
     * saves a thread hand-off but lets a blocking dependent stage stall every other call of the session.
     *
     * @param executor runs the completion of each call's future
     * @return a copy with that executor
     */
    public SessionOptions withCompletions(Executor executor) {
        return new SessionOptions(
                pingInterval,
                disconnectDelay,
                ackDelay,
                gzipThreshold,
                maxContainerMessages,
                maxContainerBytes,
                queueCapacity,
                extraPaddingBlocks,
                futureSalts,
                maxInflated,
                registry,
                executor);
    }

    /**
     * With requests of at least {@code threshold} bytes sent as {@code gzip_packed} when that is smaller.
     *
     * @param threshold the size in bytes
     * @return a copy with that threshold
     */
    public SessionOptions withGzipThreshold(int threshold) {
        return new SessionOptions(
                pingInterval,
                disconnectDelay,
                ackDelay,
                threshold,
                maxContainerMessages,
                maxContainerBytes,
                queueCapacity,
                extraPaddingBlocks,
                futureSalts,
                maxInflated,
                registry,
                completions);
    }
}
