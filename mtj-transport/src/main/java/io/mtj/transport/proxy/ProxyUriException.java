package io.mtj.transport.proxy;

/** A proxy URI that cannot be used; {@link #part()} says which part is wrong. */
public final class ProxyUriException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The part of the URI that is wrong. */
    public enum Part {
        /**
         * The scheme is missing or not one of socks5, socks5h, http, https.
         */
        SCHEME,
        /**
         * The user name or password is empty where it must not be, or badly percent-encoded.
         */
        USER_INFO,
        /**
         * The host is missing, has characters a host cannot have, or is a malformed IPv6 literal.
         */
        HOST,
        /**
         * The port is empty, not a number, or outside 1 to 65535.
         */
        PORT,
        /** Anything else: a path, query or fragment, an empty chain, a misplaced character. */
        SYNTAX
    }

    /**
     * The part of the URI that is wrong.
     */
    private final Part part;

    /**
     * Creates the exception.
     *
     * @param part the part that is wrong
     * @param message what is wrong and what was expected; must not contain a password
     */
    public ProxyUriException(Part part, String message) {
        super(message);
        this.part = part;
    }

    /**
     * Tells which part of the URI is wrong.
     *
     * @return the part, never null
     */
    public Part part() {
        return part;
    }
}
