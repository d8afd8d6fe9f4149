package io.mtj.cli;

import org.jspecify.annotations.Nullable;

/**
 * One option of a command, as {@link OptionReader} reads it and {@code --help} shows it.
 *
 * @param name the option with its dashes, {@code --dc-id}
 * @param value what its value is called in the help ({@code N}, {@code FILE}); null for a flag
 * @param help what it does; lines after the first are indented under the first
 */
record Option(String name, @Nullable String value, String help) {
    /** The options every command takes. */
    static final Option HELP = flag("--help", "print this command's options and exit");

    static final Option VERBOSE = flag("--verbose", "print stack traces of failures and the library's log lines");

    static Option flag(String name, String help) {
        return new Option(name, null, help);
    }

    static Option valued(String name, String value, String help) {
        return new Option(name, value, help);
    }

    boolean takesValue() {
        return value != null;
    }

    /** {@code --dc HOST:PORT} as the help shows it. */
    String synopsis() {
        return value == null ? name : name + " " + value;
    }
}
