package io.mtj.tl;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Value helpers for generated records whose components hold {@code byte[]} (directly or inside lists): content
 * equality, content hash, and a {@code toString} that shows only array lengths, never the bytes (they may be keys
 * or nonces).
 */
public final class TlValues {
    private TlValues() {}

    /** Deep equality: arrays by content, lists element-wise, everything else by {@code equals}. */
    public static boolean equal(@Nullable Object a, @Nullable Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Hash consistent with {@link #equal}. */
    public static int hash(@Nullable Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + hash(element);
            }
            return h;
        }
        return value.hashCode();
    }

    /** Combined hash of several components. */
    public static int hashAll(@Nullable Object... values) {
        int h = 1;
        for (Object value : values) {
            h = 31 * h + hash(value);
        }
        return h;
    }

    /** Text for a component: arrays as {@code byte[N]} only. */
    public static String text(@Nullable Object value) {
        if (value instanceof byte[] bytes) {
            return "byte[" + bytes.length + "]";
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(text(list.get(i)));
            }
            return out.append(']').toString();
        }
        return String.valueOf(value);
    }
}
