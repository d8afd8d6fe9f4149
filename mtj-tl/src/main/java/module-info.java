/** The TL runtime: bounded reader, writer, registry, {@code gzip_packed}. Everything here is API. */
module io.mtj.tl {
    requires static transitive org.jspecify;

    exports io.mtj.tl;
}
