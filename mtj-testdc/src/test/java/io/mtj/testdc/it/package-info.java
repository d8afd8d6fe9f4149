/** Integration tests: the mtj-core client against the test DC. */
@NullMarked
package io.mtj.testdc.it;

import org.jspecify.annotations.NullMarked;
