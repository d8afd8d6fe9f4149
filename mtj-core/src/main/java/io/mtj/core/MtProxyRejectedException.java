package io.mtj.core;

import io.mtj.transport.mtproxy.MtProxySecret;
import java.io.IOException;

/**
 * The MTProxy closed the connection before the data centre answered anything: an MTProxy drops clients whose
 * obfuscation header (or fake-TLS hello) is not keyed with its secret, so the secret is most likely wrong. The message
 * names the proxy and the secret's kind, never the key.
 */
public final class MtProxyRejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The proxy as {@code host:port}. */
    private final String proxy;
    /** The kind of secret the client used. */
    private final MtProxySecret.Kind secretKind;

    /**
     * The MTProxy closed the connection before answering anything.
     *
     * @param proxy the proxy as {@code host:port}
     * @param secretKind the kind of secret the client used (never the secret)
     * @param cause the end of stream the client saw
     */
    public MtProxyRejectedException(String proxy, MtProxySecret.Kind secretKind, Throwable cause) {
        super(
                "the MTProxy " + proxy + " closed the connection before any answer (" + secretKind
                        + " secret): the secret is probably wrong, or the proxy refused this client",
                cause);
        this.proxy = proxy;
        this.secretKind = secretKind;
    }

    /**
     * The proxy as {@code host:port}.
     *
     * @return {@code host:port}
     */
    public String proxy() {
        return proxy;
    }

    /**
     * The kind of the secret the client used.
     *
     * @return plain, padded ({@code dd}) or fake TLS ({@code ee})
     */
    public MtProxySecret.Kind secretKind() {
        return secretKind;
    }
}
