package io.mtj.cli;

import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code mtj connect --json}: the same run, printed as one JSON document on standard output: the notes the text form
 * prints (which DC, which route), every finished step with its duration, then {@code "config"} (help.getConfig's
 * answer) or {@code "error"} (the failed step and the sentence the text form prints on standard error, which it
 * still does).
 */
final class ConnectJson {
    private ConnectJson() {}

    static int run(ConnectOptions o, PrintStream out, PrintStream err) {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        PrintStream notesOut = new PrintStream(notes, true, StandardCharsets.UTF_8);
        StepPrinter steps = new StepPrinter(new PrintStream(OutputStream.nullOutputStream()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", "connect");
        int exit;
        Config answer = null;
        Map<String, Object> error = null;
        try {
            answer = ConnectCommand.connect(o, notesOut, steps);
            exit = 0;
        } catch (ConnectCommand.StepFailure e) {
            error = failure(steps, e.getMessage());
            err.println(e.getMessage());
            exit = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = failure(steps, "mtj connect: interrupted");
            exit = 130;
        }
        doc.put("ok", exit == 0);
        doc.put("notes", notes.toString(StandardCharsets.UTF_8).lines().toList());
        List<Object> done = new ArrayList<>();
        for (StepPrinter.Done d : steps.finished()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", d.step().number());
            step.put("name", d.step().title());
            step.put("ms", d.took().toNanos() / 1e6);
            step.put("detail", d.detail());
            done.add(step);
        }
        doc.put("steps", done);
        if (answer != null) {
            doc.put("config", config(answer));
        }
        if (error != null) {
            doc.put("error", error);
        }
        out.println(Json.write(doc));
        out.flush();
        return exit;
    }

    private static Map<String, Object> failure(StepPrinter steps, @Nullable String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        Step step = steps.current();
        error.put("step", step.number());
        error.put("name", step.title());
        error.put("message", message == null ? "failed" : message);
        return error;
    }

    /** help.getConfig's answer: the fields the text form prints, under their TL names. */
    static Map<String, Object> config(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("this_dc", c.thisDc());
        m.put("date", c.date());
        m.put("expires", c.expires());
        m.put("test_mode", c.testMode());
        List<Object> options = new ArrayList<>();
        for (DcOption d : c.dcOptions()) {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("id", d.id());
            option.put("ip_address", d.ipAddress());
            option.put("port", d.port());
            option.put("ipv6", d.ipv6());
            option.put("media_only", d.mediaOnly());
            option.put("tcpo_only", d.tcpoOnly());
            option.put("cdn", d.cdn());
            option.put("static", d.static_());
            option.put("this_port_only", d.thisPortOnly());
            byte[] secret = d.secret();
            option.put("secret_bytes", secret == null ? null : secret.length); // never the secret itself
            options.add(option);
        }
        m.put("dc_options", options);
        m.put("me_url_prefix", c.meUrlPrefix());
        m.put("chat_size_max", c.chatSizeMax());
        m.put("megagroup_size_max", c.megagroupSizeMax());
        m.put("forwarded_count_max", c.forwardedCountMax());
        m.put("message_length_max", c.messageLengthMax());
        m.put("caption_length_max", c.captionLengthMax());
        m.put("edit_time_limit", c.editTimeLimit());
        return m;
    }
}
