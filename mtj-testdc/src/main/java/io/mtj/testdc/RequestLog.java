package io.mtj.testdc;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The API calls the DC received, for tests to take ({@link TestDc#takeRequest}), bounded: at most {@code maxCount}
 * requests and {@code maxBytes} bytes of their bodies, the oldest dropped first. Unbounded, a long benchmark kept
 * every call it ever received, each upload.saveFilePart with its 512 KiB part (about 4 GB after two rounds of the
 * side-by-side run), until the DC ran out of heap. Thread-safe.
 */
final class RequestLog {
    /** How many received calls are kept by default. */
    static final int MAX_COUNT = 4096;
    /** How many bytes of received calls' bodies are kept by default. */
    static final long MAX_BYTES = 64L << 20;

    private final LinkedBlockingQueue<ReceivedRequest> requests = new LinkedBlockingQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final int maxCount;
    private final long maxBytes;

    RequestLog(int maxCount, long maxBytes) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    void add(ReceivedRequest request) {
        requests.add(request);
        bytes.addAndGet(request.body().length);
        while (requests.size() > maxCount || bytes.get() > maxBytes) {
            ReceivedRequest oldest = requests.poll();
            if (oldest == null) {
                return;
            }
            bytes.addAndGet(-oldest.body().length);
        }
    }

    /** The oldest kept request, waiting up to {@code timeout}; null on timeout. */
    @Nullable
    ReceivedRequest take(Duration timeout) throws InterruptedException {
        ReceivedRequest r = requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (r != null) {
            bytes.addAndGet(-r.body().length);
        }
        return r;
    }

    int size() {
        return requests.size();
    }

    long bytes() {
        return bytes.get();
    }
}
