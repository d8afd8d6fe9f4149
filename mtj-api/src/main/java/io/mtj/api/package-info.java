/**
 * Entry point to the generated TL API: {@link io.mtj.api.Schema#registry()} decodes any constructor or function of
 * mtproto.tl ({@code io.mtj.api.mtproto}) and api.tl ({@code io.mtj.api.telegram}).
 */
@NullMarked
package io.mtj.api;

import org.jspecify.annotations.NullMarked;
