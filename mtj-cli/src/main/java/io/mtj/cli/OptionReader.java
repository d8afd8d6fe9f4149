package io.mtj.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Walks the arguments after a command: {@code --name value}, {@code --name=value} and bare flags.
 * Each command's {@link Option} list says which names take a value and which are flags; anything else
 * is a usage error naming the command.
 */
final class OptionReader {
    private final String command;
    private final List<String> args;
    private final Set<String> valued;
    private final Set<String> flags;
    private int next;
    private String name = "";
    private @Nullable String value;

    OptionReader(String command, List<String> args, List<Option> options) {
        this.command = command;
        this.args = args;
        this.valued =
                options.stream().filter(Option::takesValue).map(Option::name).collect(Collectors.toUnmodifiableSet());
        this.flags =
                options.stream().filter(o -> !o.takesValue()).map(Option::name).collect(Collectors.toUnmodifiableSet());
    }

    /** Moves to the next option; false when none is left. */
    boolean advance() throws UsageException {
        if (next >= args.size()) {
            return false;
        }
        String arg = args.get(next++);
        if (!arg.startsWith("--") || arg.length() == 2) {
            throw new UsageException("mtj " + command + ": unexpected argument '" + arg + "' (options start with --)");
        }
        int eq = arg.indexOf('=');
        name = eq < 0 ? arg : arg.substring(0, eq);
        if (flags.contains(name)) {
            if (eq >= 0) {
                throw new UsageException("mtj " + command + ": " + name + " takes no value, got '" + arg + "'");
            }
            value = null;
            return true;
        }
        if (!valued.contains(name)) {
            throw new UsageException(
                    "mtj " + command + ": unknown option " + name + " (see mtj " + command + " --help)");
        }
        if (eq >= 0) {
            value = arg.substring(eq + 1);
        } else if (next < args.size() && !args.get(next).startsWith("--")) {
            value = args.get(next++);
        } else {
            throw new UsageException("mtj " + command + ": " + name + " needs a value");
        }
        if (value.isEmpty()) {
            throw new UsageException("mtj " + command + ": " + name + " needs a value, got an empty one");
        }
        return true;
    }

    String name() {
        return name;
    }

    String value() {
        String v = value;
        if (v == null) {
            throw new IllegalStateException(name + " is a flag");
        }
        return v;
    }

    /** An integer in {@code [min, max]}, or a usage error naming the option and the range. */
    int intValue(int min, int max) throws UsageException {
        String v = value();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad("an integer " + min + ".." + max);
    }

    /** A usage error: {@code mtj connect: --dc-id expects <what>, got 'x'}. */
    UsageException bad(@Nullable String what) {
        return new UsageException("mtj " + command + ": " + name + " expects " + (what == null ? "another value" : what)
                + ", got '" + value + "'");
    }
}
