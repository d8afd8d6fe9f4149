/**
 * Following Telegram across its data centres: {@link io.mtj.core.dc.DcRouter} owns one {@link
 * io.mtj.core.TelegramClient} (one auth key, one session) per DC and kind of traffic, moves the main DC on {@code
 * PHONE_MIGRATE}, {@code USER_MIGRATE} and {@code NETWORK_MIGRATE}, sends {@code FILE_MIGRATE} and explicit calls to
 * the DC named, and authorizes other DCs by {@code auth.exportAuthorization} / {@code auth.importAuthorization}.
 * {@link io.mtj.core.dc.DcSessionStore} keeps a key per DC and the main DC between runs.
 */
@NullMarked
package io.mtj.core.dc;

import org.jspecify.annotations.NullMarked;
