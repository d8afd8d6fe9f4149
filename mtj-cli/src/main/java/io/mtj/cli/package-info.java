/** The {@code mtj} command line: version, connect, testdc and help. */
@NullMarked
package io.mtj.cli;

import org.jspecify.annotations.NullMarked;
