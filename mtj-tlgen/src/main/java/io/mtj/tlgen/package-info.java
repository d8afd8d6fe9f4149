/** TL schema compiler: parses tdesktop-format {@code .tl} files and emits Java records for the mtj-tl runtime. */
@NullMarked
package io.mtj.tlgen;

import org.jspecify.annotations.NullMarked;
