package io.mtj.core;

import io.mtj.transport.Dialer;
import io.mtj.transport.Framing;
import io.mtj.transport.HttpTransport;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.mtproxy.MtProxy;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import io.mtj.transport.ws.TlsDialer;
import io.mtj.transport.ws.WebSocketLayer;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The transport a {@link ClientConfig} describes, as options for one connection: framing, obfuscation, timeouts, and
 * the layers of its route (an MTProxy, a WebSocket under TLS or not, or a plain HTTP proxy forwarding the HTTP
 * transport). Apart from {@link ConnectPlan} because it is a pure function of the configuration, which the dial step
 * and the tests use too.
 */
final class TransportRoute {
    private TransportRoute() {}

    /** The HTTP transport through a plain HTTP proxy: the proxy is dialled directly and forwards each request. */
    static boolean forwardsHttp(ClientConfig config) {
        return config.framing() == Framing.HTTP && config.httpProxy().isPresent();
    }

    /**
     * The transport for {@code config}: {@code upstream} reaches the endpoint directly, or the MTProxy, or the
     * WebSocket server (under TLS for wss), or, for the HTTP transport, the plain HTTP proxy it sends requests to.
     */
    static TransportOptions transportOptions(ClientConfig config, Dialer upstream) throws IOException {
        TransportOptions.Builder b = TransportOptions.builder()
                .framing(config.framing())
                .obfuscated(config.obfuscated())
                .dialer(upstream)
                .connectTimeout(config.connectTimeout())
                .writeTimeout(config.writeTimeout())
                .random(config.random())
                .frameListener(config.frameListener());
        Optional<MtProxyLink> mtproxy = config.mtproxy();
        Optional<ProxyUri> httpProxy = config.httpProxy();
        if (config.framing() == Framing.HTTP && httpProxy.isPresent()) {
            // the HTTP transport goes through a plain HTTP proxy as HTTP (absolute-form requests), not CONNECT
            ProxyUri proxy = httpProxy.get();
            HttpTransport.viaForwardProxy(b, proxy.address(), proxy.credentials(), upstream);
        } else if (mtproxy.isPresent()) {
            MtProxy.route(b, mtproxy.get(), upstream);
        } else if (config.webSocket()) {
            b.obfuscated(true).layer(WebSocketLayer.standard());
            if (config.webSocketSecure()) {
                SSLContext context;
                if (config.sslContext().isPresent()) {
                    context = config.sslContext().get();
                } else {
                    try {
                        context = SSLContext.getDefault();
                    } catch (NoSuchAlgorithmException e) {
                        throw new IOException("no default TLS context for wss: " + e.getMessage(), e);
                    }
                }
                b.dialer(new TlsDialer(upstream, context, null));
            }
        }
        return b.build();
    }
}
