package io.mtj.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of {@code mtj}. A new command is a class implementing this, listed in {@link Main#COMMANDS}: its options
 * drive both the parser ({@link OptionReader}) and {@code mtj COMMAND --help}. {@code --help} and {@code --verbose}
 * are handled for every command by {@link Main}; a command lists {@link Option#VERBOSE} among its options to accept
 * it.
 */
interface Command {
    /** The word after {@code mtj}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Text shown in its help before the options (may be empty); lines end with a newline. */
    String description();

    /** Every option it accepts, in the order the help lists them. */
    List<Option> options();

    /**
     * Runs with the arguments after the command name.
     *
     * @return the exit status: 0 success, 1 failure, 2 wrong command line ({@link UsageException}), 130 interrupted
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
