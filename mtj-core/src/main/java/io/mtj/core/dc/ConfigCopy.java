package io.mtj.core.dc;

import io.mtj.core.ClientConfig;
import io.mtj.core.storage.SessionStore;
import io.mtj.transport.Endpoint;

/** A client's settings for another DC: everything of the base configuration but the endpoint and the store. */
final class ConfigCopy {
    private ConfigCopy() {}

    static ClientConfig forDc(ClientConfig base, Endpoint endpoint, SessionStore store) {
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
                .writeTimeout(base.writeTimeout())
                .clock(base.clock())
                .random(base.random())
                .listener(base.listener())
                .sessionOptions(base.sessionOptions())
                .frameListener(base.frameListener())
                .reconnect(base.reconnect())
                .dialOptions(base.dialOptions()); // one cooldown: an address's failures are the network's, not a DC's
        base.mtproxy().ifPresent(b::mtproxy);
        if (base.webSocket()) {
            b.webSocket(base.webSocketSecure());
        }
        base.sslContext().ifPresent(b::sslContext);
        return b.build();
    }
}
