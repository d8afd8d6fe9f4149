package io.mtj.cli;

import io.mtj.transport.Framing;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code --transport} values: a framing, optionally under obfuscation. */
enum TransportChoice {
    INTERMEDIATE(Framing.INTERMEDIATE, false),
    ABRIDGED(Framing.ABRIDGED, false),
    PADDED(Framing.PADDED_INTERMEDIATE, false),
    FULL(Framing.FULL, false),
    /** Obfuscated intermediate, the usual obfuscated transport. */
    OBFUSCATED(Framing.INTERMEDIATE, true),
    OBFUSCATED_ABRIDGED(Framing.ABRIDGED, true),
    OBFUSCATED_PADDED(Framing.PADDED_INTERMEDIATE, true);

    private final Framing framing;
    private final boolean obfuscated;

    TransportChoice(Framing framing, boolean obfuscated) {
        this.framing = framing;
        this.obfuscated = obfuscated;
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
