package io.mtj.core.dc;

import io.mtj.core.ClientConfig;
import io.mtj.core.storage.SessionStore;
import io.mtj.transport.Endpoint;
import java.time.Duration;

/** A client's settings for another DC: everything of the base configuration but the endpoint and the store. */
final class ConfigCopy {
    private ConfigCopy() {}

    static ClientConfig forDc(ClientConfig base, Endpoint endpoint, SessionStore store) {
        return builder(base, endpoint, store).build();
    }

    /**
     * The settings of a download or upload connection: as {@link #forDc}, with temporary keys on (the base's lifetime,
     * or {@link ClientConfig#DEFAULT_TEMP_KEY_LIFETIME}): such a connection uses the DC's permanent key only to bind.
     */
    static ClientConfig extraConnection(ClientConfig base, Endpoint endpoint, SessionStore store) {
        return builder(base, endpoint, store)
                .tempKeys(base.tempKeys().orElse(ClientConfig.DEFAULT_TEMP_KEY_LIFETIME))
                .build();
    }

    private static ClientConfig.Builder builder(ClientConfig base, Endpoint endpoint, SessionStore store) {
        ClientConfig.Builder b = ClientConfig.builder(base.apiId(), base.apiHash())
                .sessionStore(store)
                .framing(base.framing())
                .obfuscated(base.obfuscated())
                .dialer(base.dialer())
                .endpoint(endpoint)
                .serverKeys(base.serverKeys())
                .device(base.device())
                .connectTimeout(base.connectTimeout())
                .handshakeTimeout(base.handshakeTimeout())
                .callTimeout(base.callTimeout())
                .clock(base.clock())
                .random(base.random())
                .listener(base.listener())
                .sessionOptions(base.sessionOptions())
                .frameListener(base.frameListener())
                .reconnect(base.reconnect())
                // one cooldown: an address's failures are the network's, not a DC's
                .dialOptions(base.dialOptions())
                .tempKeys(base.tempKeys().orElse(Duration.ZERO));
        base.mtproxy().ifPresent(b::mtproxy);
        if (base.webSocket()) {
            b.webSocket(base.webSocketSecure());
        }
        base.sslContext().ifPresent(b::sslContext);
        return b;
    }
}
