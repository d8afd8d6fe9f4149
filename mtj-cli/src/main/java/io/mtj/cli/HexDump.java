package io.mtj.cli;

import java.util.HexFormat;
import java.util.Locale;

/** The {@code --trace} line format: a header, then offset-prefixed hex lines of 32 bytes. */
final class HexDump {
    private static final HexFormat HEX = HexFormat.of();
    static final int BYTES_PER_LINE = 32;

    private HexDump() {}

    /** {@code trace -> intermediate 40 bytes} and the bytes {@code [off, off+len)} in hex. */
    static String format(String direction, String framing, byte[] bytes, int off, int len) {
        StringBuilder s = new StringBuilder();
        s.append("trace ")
                .append(direction)
                .append(' ')
                .append(framing.toLowerCase(Locale.ROOT))
                .append(' ')
                .append(len)
                .append(len == 1 ? " byte" : " bytes");
        for (int i = 0; i < len; i += BYTES_PER_LINE) {
            int n = Math.min(BYTES_PER_LINE, len - i);
            s.append(System.lineSeparator())
                    .append(String.format(Locale.ROOT, "  %04x  ", i))
                    .append(HEX.formatHex(bytes, off + i, off + i + n));
        }
        return s.toString();
    }
}
