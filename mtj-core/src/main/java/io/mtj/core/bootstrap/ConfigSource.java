package io.mtj.core.bootstrap;

import java.io.IOException;

/**
 * Where the simple config's text comes from: a DNS-over-HTTPS resolver ({@link DnsOverHttpsSource}), or anything else
 * that yields the published base64 text. Implementations bound their own time and are safe to call from any thread.
 */
@FunctionalInterface
public interface ConfigSource {
    /** The raw text (base64, possibly with whitespace); decoding and checking are the caller's. */
    String fetch() throws IOException;
}
