package io.mtj.tlgen;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed schema file.
 *
 * @param combinators constructors and functions in file order
 * @param layer the number of a {@code // LAYER N} line, else null
 */
public record TlSchema(
        List<TlCombinator> combinators, @Nullable Integer layer) {

    public TlSchema {
        combinators = List.copyOf(combinators);
    }

    public List<TlCombinator> constructors() {
        return combinators.stream().filter(c -> !c.function()).toList();
    }

    public List<TlCombinator> functions() {
        return combinators.stream().filter(TlCombinator::function).toList();
    }
}
