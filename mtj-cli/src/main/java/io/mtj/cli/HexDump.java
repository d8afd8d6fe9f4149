package io.mtj.cli;

import java.util.HexFormat;
import java.util.Locale;

/** The {@code --trace} line format: a header, then offset-prefixed hex lines of 32 bytes. */
final class HexDump {
    private static final HexFormat HEX = HexFormat.of();
    static final int BYTES_PER_LINE = 32;

    private HexDump() {}

    /** {@code trace -> intermediate}. */
    static String header(String direction, String framing) {
        return "trace " + direction + ' ' + framing.toLowerCase(Locale.ROOT);
    }

    /** {@code trace -> intermediate 40 bytes} and the bytes {@code [off, off+len)} in hex. */
    static String format(String direction, String framing, byte[] bytes, int off, int len) {
        return format(direction, framing, "", bytes, off, len);
    }

    /** As {@link #format(String, String, byte[], int, int)} with {@code note} ending the header line. */
    static String format(String direction, String framing, String note, byte[] bytes, int off, int len) {
        StringBuilder s = new StringBuilder();
        s.append(header(direction, framing))
                .append(' ')
                .append(len)
                .append(len == 1 ? " byte" : " bytes")
                .append(note);
        for (int i = 0; i < len; i += BYTES_PER_LINE) {
            int n = Math.min(BYTES_PER_LINE, len - i);
            s.append(System.lineSeparator())
                    .append(String.format(Locale.ROOT, "  %04x  ", i))
                    .append(HEX.formatHex(bytes, off + i, off + i + n));
        }
        return s.toString();
    }
}
