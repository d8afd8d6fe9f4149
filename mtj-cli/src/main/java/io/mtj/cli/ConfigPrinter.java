package io.mtj.cli;

import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Prints a help.getConfig answer in readable form. */
final class ConfigPrinter {
    private ConfigPrinter() {}

    static void print(Config c, PrintStream out) {
        out.println("help.getConfig:");
        field(out, "this_dc", Integer.toString(c.thisDc()));
        field(out, "date", Instant.ofEpochSecond(c.date()) + " (" + c.date() + ")");
        field(out, "expires", Instant.ofEpochSecond(c.expires()) + " (" + c.expires() + ")");
        field(out, "test_mode", Boolean.toString(c.testMode()));
        field(out, "dc_options", c.dcOptions().size() + (c.dcOptions().size() == 1 ? " entry" : " entries"));
        for (DcOption o : c.dcOptions()) {
            out.println("    " + describe(o));
        }
        field(out, "me_url_prefix", c.meUrlPrefix());
        field(out, "chat_size_max", Integer.toString(c.chatSizeMax()));
        field(out, "megagroup_size_max", Integer.toString(c.megagroupSizeMax()));
        field(out, "forwarded_count_max", Integer.toString(c.forwardedCountMax()));
        field(out, "message_length_max", Integer.toString(c.messageLengthMax()));
        field(out, "caption_length_max", Integer.toString(c.captionLengthMax()));
        field(out, "edit_time_limit", c.editTimeLimit() + " s");
        out.flush();
    }

    private static void field(PrintStream out, String name, String value) {
        out.printf("  %-20s %s%n", name, value);
    }

    /** {@code dc 2  127.0.0.1:443  ipv6 media_only ...}; a secret is shown only by its length. */
    static String describe(DcOption o) {
        List<String> flags = new ArrayList<>();
        if (o.ipv6()) {
            flags.add("ipv6");
        }
        if (o.mediaOnly()) {
            flags.add("media_only");
        }
        if (o.tcpoOnly()) {
            flags.add("tcpo_only");
        }
        if (o.cdn()) {
            flags.add("cdn");
        }
        if (o.static_()) {
            flags.add("static");
        }
        if (o.thisPortOnly()) {
            flags.add("this_port_only");
        }
        byte[] secret = o.secret();
        if (secret != null) {
            flags.add("secret " + secret.length + " bytes (" + HexFormat.of().toHexDigits(secret[0]) + "...)");
        }
        String address = new DcAddress(o.ipAddress(), o.port()).toString();
        return ("dc " + o.id() + "  " + address + "  " + String.join(" ", flags)).strip();
    }
}
