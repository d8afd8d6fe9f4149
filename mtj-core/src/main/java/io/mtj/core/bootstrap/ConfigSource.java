package io.mtj.core.bootstrap;

import java.io.IOException;

/**
 * Where the simple config's text comes from: a DNS-over-HTTPS resolver ({@link DnsOverHttpsSource}), or anything else
 * that yields the published base64 text. Implementations bound their own time and are safe to call from any thread.
 */
@FunctionalInterface
public interface ConfigSource {
    /**
     * Fetches the published text.
     *
     * @return the raw text (base64, possibly with whitespace); decoding and checking are the caller's
     * @throws IOException if the source could not be reached or gave no usable answer
     */
    String fetch() throws IOException;
}
