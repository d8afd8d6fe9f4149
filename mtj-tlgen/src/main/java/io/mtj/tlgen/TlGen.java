package io.mtj.tlgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * Command line: {@code TlGen <schema.tl> <package> <outDir> [--binary-strings] [--service-specials]
 * [--registry Name]}.
 *
 * <p>Writes the package's sources under {@code outDir}, first deleting the package directory's existing
 * {@code .java} files so that removed declarations disappear.
 */
public final class TlGen {
    private TlGen() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TlGen <schema.tl> <package> <outDir> [--binary-strings] [--service-specials]"
                    + " [--registry Name]");
            System.exit(2);
            return;
        }
        Path schema = Path.of(args[0]);
        GeneratorOptions options =
                GeneratorOptions.of(args[1], schema.getFileName().toString());
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--binary-strings" -> options = options.withBinaryStrings(true);
                case "--service-specials" -> options = options.withServiceSpecials(true);
                case "--registry" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--registry needs a class name");
                    }
                    String name = args[++i];
                    options = new GeneratorOptions(
                            options.packageName(),
                            options.schemaName(),
                            options.binaryStrings(),
                            options.serviceSpecials(),
                            name,
                            options.layerClass());
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int count = write(schema, options, Path.of(args[2]));
        System.out.println("mtj-tlgen: " + count + " files for " + options.packageName() + " from " + schema);
    }

    /** Generates from a schema file into {@code outDir}; returns the number of files written. */
    public static int write(Path schemaFile, GeneratorOptions options, Path outDir) throws IOException {
        String text = Files.readString(schemaFile, StandardCharsets.UTF_8);
        SortedMap<String, String> files =
                JavaGenerator.generate(SchemaParser.parse(text, schemaFile.toString()), options);
        Path packageDir = outDir.resolve(options.packageName().replace('.', '/'));
        if (Files.isDirectory(packageDir)) {
            List<Path> old;
            try (Stream<Path> list = Files.list(packageDir)) {
                old = list.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path p : old) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = outDir.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            try {
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write " + target, ex);
            }
        }
        return files.size();
    }
}
