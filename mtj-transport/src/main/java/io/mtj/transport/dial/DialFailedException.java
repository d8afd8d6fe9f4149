package io.mtj.transport.dial;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** Every candidate address of a dial race failed, or the race ran out of time; each cause is kept. */
public final class DialFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient List<DialRace.Failure> failures;

    DialFailedException(String what, List<DialRace.Failure> failures) {
        super(what + describe(failures));
        this.failures = List.copyOf(failures);
        failures.forEach(f -> addSuppressed(f.cause()));
    }

    /**
     * Lists the addresses tried and what each one did, in the order they failed. The list is not
     * serialised.
     *
     * @return an unmodifiable list, empty when there was no address to try
     */
    public List<DialRace.Failure> failures() {
        return failures;
    }

    private static String describe(List<DialRace.Failure> failures) {
        if (failures.isEmpty()) {
            return "";
        }
        return ": "
                + failures.stream()
                        .map(f -> f.address().key() + " " + f.cause().getClass().getSimpleName() + " after "
                                + f.took().toMillis() + " ms (" + f.cause().getMessage() + ")")
                        .collect(Collectors.joining("; "));
    }
}
