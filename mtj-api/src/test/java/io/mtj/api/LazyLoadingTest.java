package io.mtj.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.tl.TlRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registries load no constructor's class until that constructor is decoded (issue 9: the first design registered
 * a lambda per constructor, loading about 5,300 classes before the first message). Runs in a class loader of its own,
 * so what other tests of this JVM loaded does not count.
 */
class LazyLoadingTest {
    // resPQ#05162463 nonce:int128 server_nonce:int128 pq:string server_public_key_fingerprints:Vector<long>
    private static final String RES_PQ = "63241605" + "00".repeat(16) + "11".repeat(16) + "0817ed48941a08f981000000"
            + "15c4b51c" + "01000000" + "216be86c022bb4c3";

    /** Loads mtj-api and mtj-tl afresh, and says which classes it has loaded itself. */
    private static final class FreshLoader extends URLClassLoader {
        FreshLoader(URL... urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> generatedClassNames(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        for (String pkg : List.of("io/mtj/api/mtproto", "io/mtj/api/telegram")) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                files.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".class"))
                        .forEach(f -> names.add(pkg.replace('/', '.') + "." + f.substring(0, f.length() - 6)));
            }
        }
        return names;
    }

    @Test
    void theRegistryAndOneDecodedConstructorLoadOnlyTheirOwnClasses() throws Exception {
        Path apiClasses = codeSource(Schema.class);
        List<String> generated = generatedClassNames(apiClasses);
        assertThat(generated).hasSizeGreaterThan(2_500);
        try (FreshLoader loader = new FreshLoader(
                apiClasses.toUri().toURL(), codeSource(TlRegistry.class).toUri().toURL())) {
            Object registry =
                    loader.loadClass("io.mtj.api.Schema").getMethod("registry").invoke(null);
            assertThat(registry.getClass().getClassLoader()).isSameAs(loader);
            assertThat(registry.getClass().getMethod("size").invoke(registry))
                    .isEqualTo(Schema.registry().size());
            Object resPq = registry.getClass().getMethod("decode", byte[].class).invoke(registry, (Object)
                    HexFormat.of().parseHex(RES_PQ));
            assertThat(resPq.getClass().getName()).isEqualTo("io.mtj.api.mtproto.ResPQ");

            List<String> loaded =
                    generated.stream().filter(loader::loaded).sorted().toList();
            assertThat(loaded)
                    .containsExactly(
                            "io.mtj.api.mtproto.MtprotoRegistry",
                            "io.mtj.api.mtproto.MtprotoRegistry$Bodies",
                            "io.mtj.api.mtproto.ResPQ",
                            "io.mtj.api.telegram.TelegramRegistry",
                            "io.mtj.api.telegram.TelegramRegistry$Bodies");
        }
    }
}
