package io.mtj.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the {@code mtj} command. Exit status: 0 success, 1 failure, 2 wrong command line,
 * 130 interrupted.
 */
public final class Main {
    static final int USAGE = 2;

    /** Every command, in the order {@code mtj help} lists them; a new command is one more entry. */
    static final List<Command> COMMANDS = List.of(
            new ConnectCommand(), new PingCommand(), new LoginCommand(), new TestDcCommand(), new VersionCommand());

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command with the given streams; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        boolean verbose = rest.contains(Option.VERBOSE.name());
        String name = args.length == 0 ? "" : args[0];
        CliLogging.configure(verbose, err);
        try {
            if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
                out.print(HelpText.text(COMMANDS));
                return 0;
            }
            if (name.equals("--version")) {
                name = "version";
            }
            Command command = find(name);
            if (command == null) {
                throw new UsageException(
                        name.isEmpty()
                                ? "mtj: no command given (commands: " + names() + ")"
                                : "mtj: unknown command '" + name + "' (commands: " + names() + ")");
            }
            if (rest.contains(Option.HELP.name()) || rest.contains("-h")) {
                out.print(HelpText.of(command));
                return 0;
            }
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(
                    find(name) != null
                            ? "run 'mtj " + name + " --help' for its options"
                            : "run 'mtj help' for the commands and options");
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mtj " + name + ": interrupted");
            return 130;
        } catch (Exception e) {
            err.println("mtj " + name + " failed: " + ConnectCommand.describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static @Nullable Command find(String name) {
        for (Command c : COMMANDS) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String names() {
        StringBuilder s = new StringBuilder();
        for (Command c : COMMANDS) {
            s.append(c.name()).append(", ");
        }
        return s.append("help").toString();
    }
}
