/**
 * Following Telegram across its data centres: {@link io.mtj.core.dc.DcRouter} owns a pool of {@link
 * io.mtj.core.TelegramClient}s (one auth key per DC, one session per connection) per DC and kind of traffic, sized by
 * {@link io.mtj.core.dc.PoolSizes} and opened as traffic needs them, moves the main DC on {@code
 * PHONE_MIGRATE}, {@code USER_MIGRATE} and {@code NETWORK_MIGRATE}, sends {@code FILE_MIGRATE} and explicit calls to
 * the DC named, and authorizes other DCs by {@code auth.exportAuthorization} / {@code auth.importAuthorization}.
 * {@link io.mtj.core.dc.DcSessionStore} keeps a key per DC and the main DC between runs; {@link
 * io.mtj.core.dc.DcSessionFile} keeps them all in one file.
 */
@NullMarked
package io.mtj.core.dc;

import org.jspecify.annotations.NullMarked;
