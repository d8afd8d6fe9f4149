package io.mtj.tlgen;

import java.util.List;

/**
 * One schema line: a constructor or a function.
 *
 * @param name full name with namespace ({@code auth.sentCode})
 * @param id the 32-bit constructor id
 * @param typeParams {@code {X:Type}} names
 * @param params the arguments in order
 * @param result the result type ({@code auth.SentCode}, {@code Vector<int>}, {@code X})
 * @param function true for lines after {@code ---functions---}
 * @param line the source line, normalized to single spaces
 */
public record TlCombinator(
        String name,
        int id,
        List<String> typeParams,
        List<TlParam> params,
        TlType result,
        boolean function,
        String line) {

    public TlCombinator {
        typeParams = List.copyOf(typeParams);
        params = List.copyOf(params);
    }
}
