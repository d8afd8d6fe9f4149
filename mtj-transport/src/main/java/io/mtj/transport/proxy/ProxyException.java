package io.mtj.transport.proxy;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A proxy could not be reached or did not open the tunnel. The message names the proxy (host and
 * port, never credentials), the destination and the reason.
 */
public class ProxyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (retry, ask for credentials, ...). */
    public enum Kind {
        /** The upstream dialer could not reach the proxy. */
        UNREACHABLE,
        /** The proxy did not complete its handshake within the dial timeout. */
        TIMEOUT,
        /** The proxy wants credentials, or rejected the ones given. */
        AUTHENTICATION,
        /** The proxy answered properly but would not, or could not, connect to the target. */
        REFUSED,
        /** The proxy's reply broke the protocol (wrong version, bad field, early end of stream). */
        PROTOCOL,
        /** The TLS handshake with an https:// proxy failed. */
        TLS,
        /** The target cannot be expressed in the proxy's protocol (name too long, bad characters). */
        BAD_TARGET
    }

    /**
     * What went wrong.
     */
    private final Kind kind;
    /**
     * The proxy as {@code host:port}.
     */
    private final String proxy;
    /**
     * The requested destination as {@code host:port}.
     */
    private final String target;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param proxy the proxy as {@code host:port}, never with credentials
     * @param target the destination as {@code host:port}
     * @param message a sentence naming the proxy, the destination and the reason
     * @param cause the underlying failure, or null
     */
    public ProxyException(Kind kind, String proxy, String target, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.proxy = proxy;
        this.target = target;
    }

    /**
     * Tells what went wrong, for callers that react differently.
     *
     * @return the kind, never null
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Names the proxy that failed.
     *
     * @return the proxy as {@code host:port}, never with credentials
     */
    public String proxy() {
        return proxy;
    }

    /**
     * Names the destination the tunnel was asked for.
     *
     * @return the destination as {@code host:port}
     */
    public String target() {
        return target;
    }
}
