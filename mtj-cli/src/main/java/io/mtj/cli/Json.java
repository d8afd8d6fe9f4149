package io.mtj.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON text from maps (insertion order kept: use {@link java.util.LinkedHashMap}), lists, strings, numbers,
 * booleans and null. Only what {@code --json} output needs; there is no reader.
 */
final class Json {
    private Json() {}

    static String write(@Nullable Object value) {
        StringBuilder s = new StringBuilder();
        write(s, value, 0);
        return s.toString();
    }

    private static void write(StringBuilder s, @Nullable Object value, int depth) {
        if (value == null) {
            s.append("null");
        } else if (value instanceof String text) {
            string(s, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            s.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            s.append(String.format(Locale.ROOT, "%.3f", d));
        } else if (value instanceof Map<?, ?> map) {
            s.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                s.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                first = false;
                string(s, String.valueOf(e.getKey()));
                s.append(": ");
                write(s, e.getValue(), depth + 1);
            }
            s.append(first ? "}" : "\n" + "  ".repeat(depth) + "}");
        } else if (value instanceof List<?> list) {
            s.append('[');
            boolean first = true;
            for (Object item : list) {
                s.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                first = false;
                write(s, item, depth + 1);
            }
            s.append(first ? "]" : "\n" + "  ".repeat(depth) + "]");
        } else {
            throw new IllegalArgumentException(
                    "no JSON form for " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
