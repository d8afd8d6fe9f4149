package io.mtj.core.bootstrap;

import static io.mtj.core.bootstrap.SimpleConfigException.Reason.SOURCE;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the one thing needed from a DNS-over-HTTPS JSON answer ({@code application/dns-json}, as Google's and
 * Cloudflare's resolvers give it): the {@code data} strings of the objects in the top-level {@code Answer} array. A
 * small bounded recursive-descent reader: nesting deeper than 16 levels or text over 64 KiB is refused.
 */
final class DohJson {
    static final int MAX_LENGTH = 64 * 1024;
    private static final int MAX_DEPTH = 16;

    private final String s;
    private int pos;

    private DohJson(String s) {
        this.s = s;
    }

    /** The {@code Answer[].data} strings, in order. */
    static List<String> answerData(String json) throws SimpleConfigException {
        if (json.length() > MAX_LENGTH) {
            throw new SimpleConfigException(
                    SOURCE, "DNS-over-HTTPS answer of " + json.length() + " characters is too long");
        }
        DohJson r = new DohJson(json);
        Object root = r.value(0);
        r.skipSpace();
        if (r.pos != json.length()) {
            throw r.error("text after the JSON value");
        }
        if (!(root instanceof java.util.Map<?, ?> object)) {
            throw new SimpleConfigException(SOURCE, "DNS-over-HTTPS answer is not a JSON object");
        }
        if (!(object.get("Answer") instanceof List<?> answers)) {
            throw new SimpleConfigException(SOURCE, "DNS-over-HTTPS answer has no \"Answer\" array (no TXT record)");
        }
        List<String> out = new ArrayList<>();
        for (Object a : answers) {
            if (!(a instanceof java.util.Map<?, ?> record) || !(record.get("data") instanceof String data)) {
                throw new SimpleConfigException(SOURCE, "DNS-over-HTTPS answer record without a \"data\" string");
            }
            out.add(data);
        }
        return out;
    }

    private Object value(int depth) throws SimpleConfigException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
                skipSpace();
                if (peek('}')) {
                    return map;
                }
                do {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    map.put(key, value(depth + 1));
                    skipSpace();
                } while (peek(','));
                expect('}');
                return map;
            }
            case '[' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                skipSpace();
                if (peek(']')) {
                    return list;
                }
                do {
                    list.add(value(depth + 1));
                    skipSpace();
                } while (peek(','));
                expect(']');
                return list;
            }
            case '"' -> {
                return string();
            }
            default -> {
                int start = pos;
                while (pos < s.length() && "{}[],:\" \t\r\n".indexOf(s.charAt(pos)) < 0) {
                    pos++;
                }
                String word = s.substring(start, pos);
                if (word.equals("true")
                        || word.equals("false")
                        || word.equals("null")
                        || word.matches("-?[0-9.eE+-]+")) {
                    return word;
                }
                throw error("unexpected " + (word.isEmpty() ? "'" + c + "'" : "'" + word + "'"));
            }
        }
    }

    private String string() throws SimpleConfigException {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
        throw error("unterminated string");
    }

    private void skipSpace() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean peek(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws SimpleConfigException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private SimpleConfigException error(String what) {
        return new SimpleConfigException(
                SOURCE, "DNS-over-HTTPS answer is not valid JSON at offset " + pos + ": " + what);
    }
}
