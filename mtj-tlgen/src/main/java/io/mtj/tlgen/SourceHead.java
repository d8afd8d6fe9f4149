package io.mtj.tlgen;

import java.util.ArrayList;
import java.util.List;

/** The head every generated file starts with (the do-not-edit line, the package, the imports its body uses). */
final class SourceHead {
    private final String header;
    private final String packageName;

    SourceHead(String header, String packageName) {
        this.header = header;
        this.packageName = packageName;
    }

    /** The do-not-edit line. */
    String header() {
        return header;
    }

    /** Header, package and the imports the body actually uses. */
    String fileHead(String body) {
        StringBuilder h =
                new StringBuilder(header).append("package ").append(packageName).append(";\n\n");
        List<String> imports = new ArrayList<>();
        for (String runtime : List.of(
                "TlBodyDecoder",
                "TlDecodeException",
                "TlGzip",
                "TlMethod",
                "TlObject",
                "TlReader",
                "TlRegistry",
                "TlValues",
                "TlWriter")) {
            if (containsWord(body, runtime)) {
                imports.add("io.mtj.tl." + runtime);
            }
        }
        if (containsWord(body, "List")) {
            imports.add("java.util.List");
        }
        if (containsWord(body, "Objects")) {
            imports.add("java.util.Objects");
        }
        if (body.contains("@Nullable")) {
            imports.add("org.jspecify.annotations.Nullable");
        }
        for (String i : imports) {
            h.append("import ").append(i).append(";\n");
        }
        if (!imports.isEmpty()) {
            h.append('\n');
        }
        return h.toString();
    }

    private static boolean containsWord(String text, String word) {
        int from = 0;
        while (true) {
            int i = text.indexOf(word, from);
            if (i < 0) {
                return false;
            }
            int end = i + word.length();
            boolean startOk = i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1));
            boolean endOk = end == text.length() || !Character.isJavaIdentifierPart(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = end;
        }
    }

    static String javadoc(String line) {
        return line.replace("*/", "*&#47;").replace("@", "&#64;");
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
