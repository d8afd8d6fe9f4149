package io.mtj.cli;

import java.util.List;

/** The text of {@code mtj help} and of {@code mtj COMMAND --help}, made from the commands' option lists. */
final class HelpText {
    private static final int NAME_WIDTH = 21;

    private HelpText() {}

    /** The overview: usage, the command list, then every command's help. */
    static String text(List<Command> commands) {
        StringBuilder s = new StringBuilder();
        s.append("mtj: an MTProto 2.0 client and a local test data centre\n\n");
        s.append("usage: mtj COMMAND [OPTIONS]     (mtj COMMAND --help for one command)\n\n");
        s.append("commands:\n");
        for (Command c : commands) {
            s.append(String.format("  %-9s %s%n", c.name(), c.summary()));
        }
        s.append(String.format("  %-9s %s%n", "help", "print this text"));
        for (Command c : commands) {
            s.append('\n').append(of(c));
        }
        s.append("\nExit status: 0 success, 1 failure, 2 wrong command line.\n");
        return s.toString();
    }

    /** One command's help: its synopsis, description and options. */
    static String of(Command c) {
        StringBuilder s = new StringBuilder();
        s.append("mtj ")
                .append(c.name())
                .append(" [OPTIONS]: ")
                .append(c.summary())
                .append('\n');
        for (String line : c.description().lines().toList()) {
            s.append("  ").append(line).append('\n');
        }
        for (Option o : c.options()) {
            List<String> lines = o.help().lines().toList();
            String first = lines.isEmpty() ? "" : lines.get(0);
            String synopsis = o.synopsis();
            if (synopsis.length() > NAME_WIDTH - 1) {
                s.append("  ").append(synopsis).append('\n').append(" ".repeat(NAME_WIDTH + 2));
            } else {
                s.append("  ").append(String.format("%-" + NAME_WIDTH + "s", synopsis));
            }
            s.append(first).append('\n');
            for (String more : lines.subList(Math.min(1, lines.size()), lines.size())) {
                s.append(" ".repeat(NAME_WIDTH + 2)).append(more).append('\n');
            }
        }
        return s.toString();
    }
}
