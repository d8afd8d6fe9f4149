package io.mtj.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a named module that {@code requires io.mtj.core} can see: the API packages, not the session engine, the key
 * exchange or the wire codecs. Compiles small modules against MTJ's modules with the JDK's compiler.
 */
class ModuleBoundaryTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    /** MTJ's own modules (and JSpecify) from the test's class path, as a module path. */
    private static String modulePath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("mtj-tl")
                        || e.contains("mtj-api")
                        || e.contains("mtj-crypto")
                        || e.contains("mtj-transport")
                        || e.contains("mtj-core")
                        || e.contains("jspecify"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Compiles module {@code app} with one class using {@code body}; returns javac's diagnostics, empty if none. */
    private String compile(String name, String imports, String body) throws IOException {
        Path src = dir.resolve(name);
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), "module app { requires io.mtj.core; }\n");
        Files.writeString(
                src.resolve("app/App.java"),
                "package app;\n" + imports + "\npublic class App {\n    void run() throws Exception {\n" + body
                        + "\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        boolean ok = javac.getTask(
                        out,
                        null,
                        null,
                        List.of(
                                "--module-path",
                                modulePath(),
                                "-d",
                                dir.resolve(name + "-out").toString(),
                                "-Xlint:-options"),
                        null,
                        javac.getStandardFileManager(null, null, null)
                                .getJavaFileObjects(src.resolve("module-info.java"), src.resolve("app/App.java")))
                .call();
        return ok ? "" : out.toString();
    }

    @Test
    void theApiCompilesInANamedModule() throws IOException {
        String errors = compile(
                "api",
                "import io.mtj.core.*;\nimport io.mtj.core.storage.SessionStore;\nimport io.mtj.api.telegram.HelpGetConfig;"
                        + "\nimport io.mtj.transport.Endpoint;\nimport io.mtj.crypto.RsaPublicKey;",
                "try (TelegramClient c = new TelegramClient(ClientConfig.builder(1, \"h\").testServers().build())) {\n"
                        + "  Subscription s = c.subscribe(u -> {});\n"
                        + "  RsaPublicKey k = TelegramServers.PRODUCTION_KEY;\n"
                        + "  Endpoint e = TelegramServers.dc(2, false);\n"
                        + "  SessionStore none = SessionStore.NONE;\n"
                        + "  c.invoke(new HelpGetConfig());\n}");
        assertThat(errors).isEmpty();
    }

    @Test
    void internalsAreNotVisible() throws IOException {
        for (String internal : List.of(
                "io.mtj.core.session.Session",
                "io.mtj.core.session.PendingCall",
                "io.mtj.core.auth.KeyExchange",
                "io.mtj.core.wire.EnvelopeCodec",
                "io.mtj.transport.server.TransportAcceptor")) {
            String simple = internal.substring(internal.lastIndexOf('.') + 1);
            String errors = compile(simple, "import " + internal + ";", "Class<?> c = " + simple + ".class;");
            String pkg = internal.substring(0, internal.lastIndexOf('.'));
            assertThat(errors).as(internal).contains("package " + pkg + " is not visible");
        }
    }
}
