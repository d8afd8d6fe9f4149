/**
 * Finding DC addresses when every known one has failed: Telegram's RSA-signed simple config, fetched from
 * DNS-over-HTTPS TXT records through a {@link io.mtj.core.bootstrap.ConfigSource}.
 */
@NullMarked
package io.mtj.core.bootstrap;

import org.jspecify.annotations.NullMarked;
