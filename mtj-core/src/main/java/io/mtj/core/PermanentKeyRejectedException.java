package io.mtj.core;

import io.mtj.core.auth.TempKeyBinding;
import java.io.IOException;

/**
 * A binding to the permanent key was refused with 400 ENCRYPTED_MESSAGE_INVALID and the key is more than a minute old:
 * the server does not know it (any more). core.telegram.org/api/pfs says to drop it and make a new one, which {@link
 * TelegramClient#connect()} does; the old key's login, if it had one, is gone with it.
 */
final class PermanentKeyRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    PermanentKeyRejectedException(long permanentKeyId, TempKeyBinding.RefusedException cause) {
        super(
                "the server refused to bind a temporary key to permanent key 0x" + Long.toHexString(permanentKeyId)
                        + " (400 ENCRYPTED_MESSAGE_INVALID): it no longer knows that key, so it is dropped and a new"
                        + " one made; a login made with it is gone",
                cause);
    }
}
