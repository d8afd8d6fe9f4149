/** TL serialization runtime. */
@NullMarked
package io.mtj.tl;

import org.jspecify.annotations.NullMarked;
