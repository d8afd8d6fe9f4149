package io.mtj.transport.proxy;

/** A proxy URI that cannot be used; {@link #part()} says which part is wrong. */
public final class ProxyUriException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The part of the URI that is wrong. */
    public enum Part {
        SCHEME,
        USER_INFO,
        HOST,
        PORT,
        /** Anything else: a path, query or fragment, an empty chain, a misplaced character. */
        SYNTAX
    }

    private final Part part;

    public ProxyUriException(Part part, String message) {
        super(message);
        this.part = part;
    }

    public Part part() {
        return part;
    }
}
