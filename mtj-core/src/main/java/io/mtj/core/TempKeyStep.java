package io.mtj.core;

import io.mtj.core.auth.AuthKey;
import io.mtj.core.auth.KeyExchange;
import io.mtj.core.auth.OneShotSession;
import io.mtj.core.auth.PlainChannel;
import io.mtj.core.auth.TempAuthKey;
import io.mtj.core.auth.TempKeyBinding;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.transport.Transport;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The end of steps 3 and 4 of a {@link ConnectPlan} with temporary keys. The kept temporary key is proven with a
 * ping in a one-shot session, so a server that forgot it answers -404 before any call is written under it; or a new
 * one is made on the same connection with p_q_inner_data_temp_dc and bound to the permanent key by
 * auth.bindTempAuthKey, the first encrypted message under it. A renewing plan always makes a new one and leaves the
 * client's kept key alone. Apart from the plan because it is the one part of a connect that exists only for temporary
 * keys.
 */
final class TempKeyStep {
    /** A permanent key younger than this is not dropped when a binding to it is refused (core.telegram.org/api/pfs). */
    private static final long YOUNG_KEY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final ClientConfig config;
    private final ConnectionEvents events;
    private final ClientState state;
    private final boolean renewing;

    /** What the step gives the session: the key to encrypt with, the key made (null when the kept one served). */
    record Outcome(AuthKey key, @Nullable TempAuthKey made, long salt) {}

    TempKeyStep(ClientConfig config, ConnectionEvents events, ClientState state, boolean renewing) {
        this.config = config;
        this.events = events;
        this.state = state;
        this.renewing = renewing;
    }

    Outcome run(Transport transport, AuthKey permanent, long keptSalt) throws IOException {
        MsgIdGenerator ids = state.msgIds;
        if (ids == null) {
            throw new IllegalStateException("no msg_id generator for the auth key");
        }
        TempAuthKey kept = state.tempKey;
        if (!renewing && kept != null && kept.usableAt(ids.now())) {
            TempKeyBinding.probe(
                    new OneShotSession(transport, kept.key(), keptSalt, ids, config.random()), config.random());
            return new Outcome(kept.key(), null, keptSalt);
        }
        var step = ConnectionEvents.authKey();
        int lifetime = (int) config.tempKeys().orElseThrow().toSeconds();
        KeyExchange exchange = new KeyExchange(
                config.serverKeys(),
                config.random(),
                config.clock(),
                config.endpoint().headerDcId(),
                config.listener(),
                lifetime);
        AuthKey key = exchange.run(new PlainChannel(transport, ids));
        if (!renewing) {
            // server_time is whole seconds: while the old session still writes, stepping its clock back would put its
            // next msg_ids below ones it sent (bad_msg_notification 33); its own corrections keep it right meanwhile
            ids.offsetMillis(key.clockOffsetMillis());
        }
        Instant expiresAt = ids.now().plusSeconds(lifetime);
        TempAuthKey temp = new TempAuthKey(key, expiresAt, lifetime);
        OneShotSession channel = new OneShotSession(transport, key, key.serverSalt(), ids, config.random());
        try {
            TempKeyBinding.bind(channel, permanent, temp, config.random());
        } catch (TempKeyBinding.RefusedException e) {
            if (!e.encryptedMessageInvalid()) {
                throw e;
            }
            long made = state.permanentKeyMadeNanos;
            if (made == 0 || System.nanoTime() - made > YOUNG_KEY_NANOS) {
                throw new PermanentKeyRejectedException(permanent.id(), e);
            }
            // core.telegram.org/api/pfs: a permanent key under a minute old is not dropped; the binding is tried again
            channel = new OneShotSession(transport, key, channel.salt(), ids, config.random());
            TempKeyBinding.bind(channel, permanent, temp, config.random());
        }
        if (!renewing) {
            state.tempKey = temp;
        }
        events.authKeyReady(step, key.id(), false);
        return new Outcome(key, temp, channel.salt());
    }
}
