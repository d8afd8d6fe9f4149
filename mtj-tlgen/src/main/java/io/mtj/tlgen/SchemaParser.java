package io.mtj.tlgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Parses tdesktop-format TL: {@code //} comments, {@code ---functions---} / {@code ---types---} sections,
 * {@code {X:Type}}, {@code !X}, {@code flags:#}, {@code flags.N?T}, {@code Vector<T>}, {@code vector<%T>}, and
 * {@code #id}. Built-in declarations ({@code int ? = Int;}, {@code vector {t:Type} # [ t ] = Vector t;},
 * {@code int128 4*[ int ] = Int128;}) are skipped. A line without {@code #id} gets the CRC32 of its text.
 */
public final class SchemaParser {
    private static final Pattern LAYER = Pattern.compile("^//\\s*LAYER\\s+(\\d+)\\s*$");
    private static final Pattern FLAG = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\.(\\d+)\\?(.+)$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.]*$");

    private SchemaParser() {}

    /** Parses schema text; {@code source} names the file in error messages. */
    public static TlSchema parse(String text, String source) {
        List<TlCombinator> out = new ArrayList<>();
        Integer layer = null;
        boolean functions = false;
        StringBuilder pending = new StringBuilder();
        int pendingLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i].trim();
            Matcher layerMatch = LAYER.matcher(raw);
            if (layerMatch.matches()) {
                layer = Integer.valueOf(layerMatch.group(1));
                continue;
            }
            int comment = raw.indexOf("//");
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("---functions---")) {
                functions = true;
                continue;
            }
            if (line.equals("---types---")) {
                functions = false;
                continue;
            }
            if (pending.isEmpty()) {
                pendingLine = i + 1;
            } else {
                pending.append(' ');
            }
            pending.append(line);
            int semi = pending.indexOf(";");
            if (semi >= 0) {
                String statement = pending.substring(0, semi).trim();
                if (!pending.substring(semi + 1).isBlank()) {
                    throw new TlSchemaException(source + ":" + pendingLine + ": text after ';'");
                }
                pending.setLength(0);
                TlCombinator c = parseStatement(statement, functions, source + ":" + pendingLine);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        if (!pending.isEmpty()) {
            throw new TlSchemaException(source + ":" + pendingLine + ": declaration not terminated by ';'");
        }
        return new TlSchema(out, layer);
    }

    /** Parses one declaration (without the ';'); returns null for a built-in. */
    static @Nullable TlCombinator parseStatement(String statement, boolean function, String where) {
        String normalized = statement.replaceAll("\\s+", " ").trim();
        int eq = normalized.lastIndexOf(" = ");
        if (eq < 0) {
            throw new TlSchemaException(where + ": missing ' = Type' in '" + normalized + "'");
        }
        String left = normalized.substring(0, eq).trim();
        String right = normalized.substring(eq + 3).trim();
        String[] tokens = left.split(" ");
        if (normalized.contains("[") || (tokens.length > 1 && tokens[1].equals("?"))) {
            return null;
        }
        String head = tokens[0];
        String name;
        int id;
        int hash = head.indexOf('#');
        if (hash >= 0) {
            name = head.substring(0, hash);
            String hex = head.substring(hash + 1);
            try {
                id = Integer.parseUnsignedInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new TlSchemaException(where + ": bad constructor id '#" + hex + "'", e);
            }
        } else {
            name = head;
            id = crc32(normalized);
        }
        if (!NAME.matcher(name).matches()) {
            throw new TlSchemaException(where + ": bad combinator name '" + name + "'");
        }
        List<String> typeParams = new ArrayList<>();
        List<TlParam> params = new ArrayList<>();
        for (int t = 1; t < tokens.length; t++) {
            String token = tokens[t];
            if (token.startsWith("{") && token.endsWith("}")) {
                String inner = token.substring(1, token.length() - 1);
                int colon = inner.indexOf(':');
                if (colon < 0 || !inner.substring(colon + 1).equals("Type")) {
                    throw new TlSchemaException(where + ": unsupported type parameter '" + token + "'");
                }
                typeParams.add(inner.substring(0, colon));
                continue;
            }
            int colon = token.indexOf(':');
            if (colon <= 0) {
                throw new TlSchemaException(where + ": expected name:type, found '" + token + "'");
            }
            String paramName = token.substring(0, colon);
            String typeText = token.substring(colon + 1);
            Matcher flag = FLAG.matcher(typeText);
            if (flag.matches()) {
                params.add(new TlParam(
                        paramName, TlType.parse(flag.group(3)), flag.group(1), Integer.parseInt(flag.group(2))));
            } else {
                params.add(new TlParam(paramName, TlType.parse(typeText), null, -1));
            }
        }
        for (TlParam p : params) {
            if (p.flagField() != null
                    && params.stream()
                            .noneMatch(q -> q.isFlagsWord() && q.name().equals(p.flagField()))) {
                throw new TlSchemaException(
                        where + ": field '" + p.name() + "' refers to unknown flags field '" + p.flagField() + "'");
            }
            if (p.flagBit() > 31) {
                throw new TlSchemaException(where + ": flag bit " + p.flagBit() + " of '" + p.name() + "' > 31");
            }
        }
        return new TlCombinator(name, id, typeParams, params, TlType.parse(right), function, normalized);
    }

    /** CRC32 of a declaration in the usual normalized form (used only when the schema gives no id). */
    static int crc32(String normalized) {
        String text = normalized
                .replace("<", " ")
                .replace(">", "")
                .replaceAll("\\s+", " ")
                .trim();
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
