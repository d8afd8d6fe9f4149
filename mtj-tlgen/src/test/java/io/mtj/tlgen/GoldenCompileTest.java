package io.mtj.tlgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.tl.TlObject;
import io.mtj.tl.TlRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles the fixture's generated sources with javac and decodes hand-computed bytes with them. */
class GoldenCompileTest {

    @Test
    void generatedFixtureCompilesAndDecodes(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "21",
                "-Xlint:all",
                "-Werror",
                "-d",
                out.toString(),
                "-cp",
                System.getProperty("java.class.path")));
        Map<String, String> sources = new TreeMap<>(GoldenTest.generateFixture());
        sources.putAll(GoldenTest.generateNaming());
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests run on a JDK").isNotNull();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(status)
                .as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(diagnostics.toString(StandardCharsets.UTF_8)).isEmpty();

        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, GoldenCompileTest.class.getClassLoader())) {
            TlRegistry registry = (TlRegistry) loader.loadClass("io.mtj.golden.fixture.FixtureRegistry")
                    .getMethod("registry")
                    .invoke(null);
            // shapeSquare#33333333 flags:# filled:flags.0?true corner:Point side:flags.1?int label:flags.1?string
            // filled, side and label set: flags = 0x3; corner = point#11111111 x=1 y=2; side = 5; label = "ab"
            byte[] wire = HexFormat.of()
                    .parseHex("33333333" + "03000000" + "11111111" + "01000000" + "02000000" + "05000000" + "02616200");
            TlObject square = registry.decode(wire);
            assertThat(square).hasToString("ShapeSquare[filled=true, corner=Point[x=1, y=2], side=5, label=ab]");
            assertThat(square.toByteArray()).isEqualTo(wire);
            assertThat(registry.size()).isEqualTo(13);

            // the renamed classes compile beside java.lang (-Werror) and decode: error#c4b9f9bb code:int text:string
            TlRegistry naming = (TlRegistry) loader.loadClass("io.mtj.golden.naming.NamingRegistry")
                    .getMethod("registry")
                    .invoke(null);
            byte[] error = HexFormat.of().parseHex("bbf9b9c4" + "90010000" + "02686900");
            assertThat(naming.decode(error)).hasToString("TlError[code=400, text=hi]");
            // auth.sentCode#10000004 type:auth.sentCodeTypeSms#10000007 length:int
            byte[] sent = HexFormat.of().parseHex("04000010" + "07000010" + "05000000");
            assertThat(naming.decode(sent)).hasToString("AuthSentCode[type=AuthSentCodeTypeSms[length=5]]");
        }
    }
}
