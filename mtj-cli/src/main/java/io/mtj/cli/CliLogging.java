package io.mtj.cli;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Where the library's log lines (java.util.logging, which {@link System.Logger} uses by default) go while a command
 * runs: nowhere, unless {@code --verbose}, then to the command's error stream. The CLI prints what a user needs
 * itself; an INFO about a refused stored key or a watchdog warning is noise on a successful run.
 */
final class CliLogging {
    private CliLogging() {}

    static void configure(boolean verbose, PrintStream err) {
        LogManager.getLogManager().reset(); // removes the console handler the JDK's logging.properties installs
        Logger root = Logger.getLogger("");
        if (!verbose) {
            root.setLevel(Level.OFF);
            return;
        }
        root.setLevel(Level.INFO);
        Handler handler = new StreamHandler(err, new SimpleFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush(); // a line as it happens, not at exit
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }
}
