/** A local, scriptable MTProto test data centre for tests and demos. */
module io.mtj.testdc {
    requires transitive io.mtj.core;
    requires static transitive org.jspecify;

    exports io.mtj.testdc;
}
