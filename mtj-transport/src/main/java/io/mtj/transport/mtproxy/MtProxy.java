package io.mtj.transport.mtproxy;

import io.mtj.transport.Dialer;
import io.mtj.transport.Framing;
import io.mtj.transport.TransportOptions;
import java.net.InetSocketAddress;

/**
 * Routes a client transport through an MTProxy: the socket goes to the proxy instead of the data
 * centre (whose id still travels in the obfuscation header), obfuscated2 is keyed with the secret,
 * a {@code dd} or {@code ee} secret forces padded intermediate framing (as official clients do), and
 * an {@code ee} secret adds the fake-TLS layer under the obfuscation:
 *
 * <pre>{@code
 * TransportOptions options = MtProxy.route(TransportOptions.builder(), link, Dialer.DIRECT).build();
 * }</pre>
 */
public final class MtProxy {
    private MtProxy() {}

    /**
     * Configures {@code builder} for {@code link}, dialing the proxy through {@code upstream}: sets the
     * dialer and the secret, and for {@code dd} and {@code ee} secrets the padded intermediate framing,
     * adding the fake-TLS layer for {@code ee}.
     *
     * @param builder the options to change; other settings are kept
     * @param link the proxy to route through
     * @param upstream how the proxy itself is reached
     * @return {@code builder}
     */
    public static TransportOptions.Builder route(TransportOptions.Builder builder, MtProxyLink link, Dialer upstream) {
        MtProxySecret secret = link.secret();
        builder.dialer(dialer(link, upstream)).proxySecret(secret.key());
        switch (secret.kind()) {
            case PLAIN -> {}
            case PADDED -> builder.framing(Framing.PADDED_INTERMEDIATE);
            case FAKE_TLS -> builder.framing(Framing.PADDED_INTERMEDIATE).layer(FakeTlsClient.of(secret));
        }
        return builder;
    }

    /**
     * Makes a dialer that connects to the proxy whatever target it is asked for (the proxy picks the data
     * centre from the obfuscation header).
     *
     * @param link the proxy to reach
     * @param upstream how the proxy is reached; it is asked for the proxy's unresolved address
     * @return a new dialer
     */
    public static Dialer dialer(MtProxyLink link, Dialer upstream) {
        InetSocketAddress proxy = InetSocketAddress.createUnresolved(link.server(), link.port());
        return (target, timeout) -> upstream.dial(proxy, timeout);
    }
}
