package io.mtj.tlgen;

import org.jspecify.annotations.Nullable;

/**
 * A type expression as written in a schema: {@code int}, {@code Vector<long>}, {@code vector<%Message>},
 * {@code %T}, {@code !X}, {@code #}, {@code InputPeer}, {@code future_salt}.
 *
 * @param name the bare name without {@code %} or {@code !} ({@code Vector}, {@code vector}, {@code int}, ...)
 * @param argument the element type of a vector, else null
 * @param bare true when written with {@code %}
 * @param bang true when written with {@code !} (a query of a type parameter)
 */
public record TlType(String name, @Nullable TlType argument, boolean bare, boolean bang) {

    /** Parses one type expression. */
    public static TlType parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty type expression");
        }
        if (s.startsWith("!")) {
            TlType inner = parse(s.substring(1));
            return new TlType(inner.name, inner.argument, inner.bare, true);
        }
        if (s.startsWith("%")) {
            TlType inner = parse(s.substring(1));
            return new TlType(inner.name, inner.argument, true, inner.bang);
        }
        int lt = s.indexOf('<');
        if (lt >= 0) {
            if (!s.endsWith(">")) {
                throw new IllegalArgumentException("unbalanced '<' in type expression '" + text + "'");
            }
            return new TlType(s.substring(0, lt), parse(s.substring(lt + 1, s.length() - 1)), false, false);
        }
        return new TlType(s, null, false, false);
    }

    /** True for {@code Vector<T>} (boxed) and {@code vector<T>} (bare). */
    public boolean isVector() {
        return argument != null && (name.equals("Vector") || name.equals("vector"));
    }

    /** The element type of a vector. */
    public TlType element() {
        TlType a = argument;
        if (a == null) {
            throw new IllegalStateException(name + " is not a vector");
        }
        return a;
    }

    @Override
    public String toString() {
        String base = argument == null ? name : name + "<" + argument + ">";
        return (bang ? "!" : "") + (bare ? "%" : "") + base;
    }
}
