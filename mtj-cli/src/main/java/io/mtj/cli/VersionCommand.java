package io.mtj.cli;

import io.mtj.api.telegram.ApiLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;

/** {@code mtj version}: version, API layer, runtime, and the crypto self-check. */
final class VersionCommand implements Command {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the version, the API layer and a crypto self-check";
    }

    @Override
    public String description() {
        return "";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.VERBOSE);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        OptionReader r = new OptionReader(name(), args, options());
        while (r.advance()) {
            // --verbose is the only option; Main has applied it
        }
        return run(out);
    }

    /** The project version the build wrote into mtj-version.properties. */
    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("mtj-version.properties")) {
            if (in == null) {
                return "unknown (no mtj-version.properties on the class path)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Prints the report; exit code 0 when every check passed, 1 otherwise. */
    static int run(PrintStream out) {
        out.println("mtj " + version());
        out.println("API layer " + ApiLayer.LAYER);
        out.println("Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ") on "
                + System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?"));
        out.println("crypto self-check:");
        List<SelfCheck.Result> results = SelfCheck.run();
        boolean all = true;
        for (SelfCheck.Result r : results) {
            out.println("  " + r.name() + ": " + r.outcome());
            all &= r.passed();
        }
        out.println("crypto self-check " + (all ? "ok" : "FAILED"));
        return all ? 0 : 1;
    }
}
