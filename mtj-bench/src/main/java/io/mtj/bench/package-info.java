/** JMH benchmarks; each area has a sub-package. */
@NullMarked
package io.mtj.bench;

import org.jspecify.annotations.NullMarked;
