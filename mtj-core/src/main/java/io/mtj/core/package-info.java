/** Client API: {@link io.mtj.core.TelegramClient}, its {@link io.mtj.core.ClientConfig} and typed errors. */
@NullMarked
package io.mtj.core;

import org.jspecify.annotations.NullMarked;
