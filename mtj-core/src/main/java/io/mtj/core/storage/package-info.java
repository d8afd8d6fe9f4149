/** Session persistence: auth key, salt, clock offset in a versioned owner-only file. */
@NullMarked
package io.mtj.core.storage;

import org.jspecify.annotations.NullMarked;
