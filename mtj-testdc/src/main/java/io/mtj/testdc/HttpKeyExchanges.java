package io.mtj.testdc;

import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The key exchanges of HTTP clients, by the client nonce every step starts with (bytes 4 to 20 of the plain body),
 * so the steps may come on different connections, as they do through a proxy that closes after every answer. Over
 * TCP an exchange belongs to its connection; over HTTP no connection is the client's. At most {@link #MAX} are kept,
 * the oldest forgotten first.
 */
final class HttpKeyExchanges {
    static final int MAX = 256;

    private final LinkedHashMap<String, DhExchange> byNonce = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Supplier<DhExchange> fresh;

    HttpKeyExchanges(Supplier<DhExchange> fresh) {
        this.fresh = fresh;
    }

    /** The exchange the plain message {@code body} belongs to, started for a nonce not seen before. */
    DhExchange of(byte[] body) {
        String nonce = body.length >= 20 ? HexFormat.of().formatHex(body, 4, 20) : "";
        lock.lock();
        try {
            DhExchange exchange = byNonce.computeIfAbsent(nonce, n -> fresh.get());
            if (byNonce.size() > MAX) {
                Iterator<String> oldest = byNonce.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return exchange;
        } finally {
            lock.unlock();
        }
    }
}
