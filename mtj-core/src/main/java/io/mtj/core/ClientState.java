package io.mtj.core;

import io.mtj.core.auth.AuthKey;
import io.mtj.core.auth.TempAuthKey;
import io.mtj.core.session.Session;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.transport.Endpoint;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of a {@link TelegramClient} share: the auth key and its clock correction, the session, the server's
 * config, and two flags. Written under the client's connect lock (close() only sets {@code closed}); read anywhere.
 */
final class ClientState {
    /** The permanent key: stored, and with temporary keys on used only to bind them. */
    volatile @Nullable AuthKey authKey;
    /** System.nanoTime() when this client made the permanent key; 0 when it was loaded from the store. */
    volatile long permanentKeyMadeNanos;
    /** The temporary key the session runs on, when the configuration asks for them. */
    volatile @Nullable TempAuthKey tempKey;

    volatile @Nullable MsgIdGenerator msgIds;
    volatile @Nullable Session session;
    volatile io.mtj.api.telegram.@Nullable Config serverConfig;
    /** close() has begun. */
    volatile boolean closed;
    /**
     * A connect finished initConnection on the current session: from then on a lost connection is healed (by
     * policy) instead of ending the session with the failed connect.
     */
    volatile boolean established;
    /** The address the last connect reached step 6 through: saved with the key, so the next run tries it. */
    volatile @Nullable Endpoint dialled;
    /** What ended the last connection, for error messages. */
    volatile @Nullable Throwable lastLoss;
}
