/** Client API: {@link io.mtj.core.TelegramClient}, its {@link io.mtj.core.Config} and typed errors. */
@NullMarked
package io.mtj.core;

import org.jspecify.annotations.NullMarked;
