/** Connection observability: the typed listener's JFR counterparts. */
@NullMarked
package io.mtj.core.event;

import org.jspecify.annotations.NullMarked;
