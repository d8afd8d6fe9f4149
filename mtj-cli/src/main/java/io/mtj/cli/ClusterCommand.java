package io.mtj.cli;

import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * {@code mtj testdc --dcs N [--bot ID:SECRET@DC]... [--user PHONE@DC[:PASSWORD]]... [--key-out FILE]}: a local
 * cluster of N DCs ({@link TestCluster}); prints each DC's main and media-only addresses, the accounts, the login
 * code and the shared RSA key, then runs until stopped.
 */
final class ClusterCommand {
    private ClusterCommand() {}

    record Options(
            int dcs,
            List<String[]> bots,
            List<String[]> users,
            @Nullable Path keyOut,
            boolean verbose) {}

    /** The options that make {@code mtj testdc} run a cluster, in the order its help lists them. */
    static final List<Option> OPTIONS = List.of(
            Option.valued("--dcs", "N", "run a cluster of N DCs (1 to " + TestCluster.MAX_DCS + ") instead of one DC"),
            Option.valued("--bot", "ID:SECRET@DC", "with --dcs: a bot account homed on DC (repeatable)"),
            Option.valued("--user", "PHONE@DC[:PASSWORD]", """
                    with --dcs: a user account homed on DC, with a two-step
                    password if given (repeatable)"""),
            Option.valued("--key-out", "FILE", "with --dcs: also write the cluster's RSA public key to FILE"));

    /** {@code single} followed by the cluster's options, for {@code mtj testdc --help}. */
    static List<Option> withClusterOptions(List<Option> single) {
        List<Option> all = new ArrayList<>(single);
        all.addAll(OPTIONS);
        return List.copyOf(all);
    }

    /** Whether {@code mtj testdc} was asked for a cluster. */
    static boolean wanted(List<String> args) {
        return args.stream().anyMatch(a -> a.equals("--dcs") || a.startsWith("--dcs="));
    }

    static Options parse(List<String> args) throws UsageException {
        int dcs = 0;
        List<String[]> bots = new ArrayList<>();
        List<String[]> users = new ArrayList<>();
        Path keyOut = null;
        boolean verbose = false;
        List<Option> accepted = new ArrayList<>(OPTIONS);
        accepted.add(Option.VERBOSE);
        OptionReader r = new OptionReader("testdc", args, accepted);
        while (r.advance()) {
            switch (r.name()) {
                case "--dcs" -> dcs = r.intValue(1, TestCluster.MAX_DCS);
                case "--bot" -> {
                    String v = r.value();
                    int at = v.lastIndexOf('@');
                    int colon = v.indexOf(':');
                    if (at < 0 || colon <= 0 || colon > at) {
                        throw r.bad("ID:SECRET@DC, for example 42:SECRET@3");
                    }
                    bots.add(new String[] {v.substring(0, colon), v.substring(colon + 1, at), v.substring(at + 1)});
                }
                case "--user" -> {
                    String v = r.value();
                    int at = v.indexOf('@');
                    if (at <= 0) {
                        throw r.bad("PHONE@DC or PHONE@DC:PASSWORD, for example 15550001@2:hunter2");
                    }
                    String rest = v.substring(at + 1);
                    int colon = rest.indexOf(':');
                    users.add(new String[] {
                        v.substring(0, at),
                        colon < 0 ? rest : rest.substring(0, colon),
                        colon < 0 ? "" : rest.substring(colon + 1)
                    });
                }
                case "--key-out" -> keyOut = Path.of(r.value());
                case "--verbose" -> verbose = true;
                default -> throw new IllegalStateException("unhandled option " + r.name());
            }
        }
        return new Options(dcs, bots, users, keyOut, verbose);
    }

    /** Runs until Ctrl-C (or end of the JVM). */
    static int runUntilStopped(List<String> args, PrintStream out) throws Exception {
        Options o = parse(args);
        return UntilStopped.run("mtj-cluster-stop", stop -> run(o, out, stop));
    }

    static int run(Options o, PrintStream out, CountDownLatch stop) throws UsageException, IOException {
        TestCluster.Builder b = TestCluster.builder().dcs(o.dcs());
        try {
            for (String[] bot : o.bots()) {
                b.bot(Long.parseLong(bot[0]), bot[1], Integer.parseInt(bot[2]));
            }
            for (String[] user : o.users()) {
                b.user(user[0], Integer.parseInt(user[1]), user[2].isEmpty() ? null : user[2]);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("mtj testdc: " + e.getMessage());
        }
        try (TestCluster cluster = b.build()) {
            out.println("test cluster of " + cluster.dcCount() + " DCs on loopback");
            for (int dc = 1; dc <= cluster.dcCount(); dc++) {
                TestDc media = cluster.mediaDc(dc);
                out.println("dc " + dc + ": " + addresses(cluster.dc(dc).addresses())
                        + (media == null ? "" : ", media-only " + addresses(media.addresses())));
            }
            for (String[] bot : o.bots()) {
                out.println("bot " + bot[0] + " on dc " + bot[2]);
            }
            for (String[] user : o.users()) {
                out.println("user " + user[0] + " on dc " + user[1]
                        + (user[2].isEmpty() ? "" : " with a two-step password"));
            }
            out.println("login code for every number: 12345");
            String pem = cluster.publicKeyPem().endsWith("\n") ? cluster.publicKeyPem() : cluster.publicKeyPem() + "\n";
            Path keyOut = o.keyOut();
            if (keyOut != null) {
                Files.writeString(keyOut, pem);
                out.println("RSA public key written to " + keyOut);
            }
            out.print(pem);
            InetSocketAddress first = cluster.dc(1).address();
            out.println("log in with: mtj login --dc "
                    + new DcAddress(first.getAddress().getHostAddress(), first.getPort())
                    + " --dc-id 1 --rsa-key FILE --bot-token ID:SECRET (or --phone NUMBER)");
            out.println("press Ctrl-C to stop");
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.println("test cluster stopped");
        }
        return 0;
    }

    private static String addresses(List<InetSocketAddress> list) {
        List<String> text = new ArrayList<>();
        for (InetSocketAddress a : list) {
            text.add(new DcAddress(a.getAddress().getHostAddress(), a.getPort()).toString());
        }
        return String.join(" ", text);
    }
}
