package io.mtj.cli;

import io.mtj.transport.Framing;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code --transport} values: a framing, optionally under obfuscation, optionally inside a WebSocket. */
enum TransportChoice {
    INTERMEDIATE(Framing.INTERMEDIATE, false, Ws.NONE),
    ABRIDGED(Framing.ABRIDGED, false, Ws.NONE),
    PADDED(Framing.PADDED_INTERMEDIATE, false, Ws.NONE),
    FULL(Framing.FULL, false, Ws.NONE),
    /** Obfuscated intermediate, the usual obfuscated transport. */
    OBFUSCATED(Framing.INTERMEDIATE, true, Ws.NONE),
    OBFUSCATED_ABRIDGED(Framing.ABRIDGED, true, Ws.NONE),
    OBFUSCATED_PADDED(Framing.PADDED_INTERMEDIATE, true, Ws.NONE),
    /** Obfuscated intermediate inside WebSocket binary messages ({@code ws://host:port/apiws}). */
    WEBSOCKET(Framing.INTERMEDIATE, true, Ws.PLAIN),
    /** As {@link #WEBSOCKET}, over TLS ({@code wss://}), the certificate checked with the system trust store. */
    WEBSOCKET_SECURE(Framing.INTERMEDIATE, true, Ws.SECURE),
    /** MTProto's HTTP transport: {@code POST /api} with {@code http_wait} long polling. */
    HTTP(Framing.HTTP, false, Ws.NONE);

    private enum Ws {
        NONE,
        PLAIN,
        SECURE
    }

    private final Framing framing;
    private final boolean obfuscated;
    private final Ws ws;

    TransportChoice(Framing framing, boolean obfuscated, Ws ws) {
        this.framing = framing;
        this.obfuscated = obfuscated;
        this.ws = ws;
    }

    /** Whether this runs inside a WebSocket (plain or secure). */
    boolean webSocket() {
        return ws != Ws.NONE;
    }

    /** Whether the WebSocket runs over TLS. */
    boolean secure() {
        return ws == Ws.SECURE;
    }

    Framing framing() {
        return framing;
    }

    boolean obfuscated() {
        return obfuscated;
    }

    /** As written on the command line: {@code obfuscated-padded}. */
    String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String allNames() {
        return Arrays.stream(values()).map(TransportChoice::text).collect(Collectors.joining("|"));
    }

    static TransportChoice parse(String text) {
        for (TransportChoice c : values()) {
            if (c.text().equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("one of " + allNames());
    }
}
