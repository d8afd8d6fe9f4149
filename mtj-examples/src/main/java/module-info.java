/** The README's examples; a named module, so they compile only against what MTJ's modules export. */
module io.mtj.examples {
    requires io.mtj.core;
}
