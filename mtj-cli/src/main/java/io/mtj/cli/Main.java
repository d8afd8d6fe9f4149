package io.mtj.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the {@code mtj} command. Exit status: 0 success, 1 failure, 2 wrong command line,
 * 130 interrupted.
 */
public final class Main {
    static final int USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command with the given streams; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        boolean verbose = rest.contains("--verbose");
        String command = args.length == 0 ? "" : args[0];
        try {
            return switch (command) {
                case "help", "--help", "-h" -> {
                    out.print(HelpText.text());
                    yield 0;
                }
                case "version", "--version" -> VersionCommand.run(out);
                case "connect" -> ConnectCommand.run(ConnectOptions.parse(rest), out, err);
                case "ping" -> PingCommand.run(PingOptions.parse(rest), out, err);
                case "testdc" ->
                    ClusterCommand.wanted(rest)
                            ? ClusterCommand.runUntilStopped(rest, out)
                            : testDc(TestDcOptions.parse(rest), out);
                case "login" -> LoginCommand.run(rest, out, err);
                case "" -> throw new UsageException("mtj: no command given (commands: connect, testdc, version, help)");
                default ->
                    throw new UsageException(
                            "mtj: unknown command '" + command + "' (commands: connect, testdc, version, help)");
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("run 'mtj help' for the commands and options");
            return USAGE;
        } catch (Exception e) {
            err.println("mtj " + command + " failed: " + ConnectCommand.describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** Runs the test DC until the JVM is asked to stop (Ctrl-C), then closes it before exiting. */
    private static int testDc(TestDcOptions options, PrintStream out) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        stopped.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "mtj-testdc-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return TestDcCommand.run(options, out, stop);
        } finally {
            stopped.countDown();
        }
    }
}
