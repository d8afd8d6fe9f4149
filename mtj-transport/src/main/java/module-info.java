/**
 * Transports: framings, obfuscation, MTProxy and fake TLS, WebSocket, dialers and proxies. Exported: the transport
 * seams ({@code io.mtj.transport}, with the HTTP transport's {@code HttpTransport}), the framing codecs (a {@code
 * FramedTransport} is built from one; {@code HttpCodec} for HTTP), proxies,
 * MTProxy links and secrets, WebSocket and TLS layers. The obfuscation cipher is internal; the server-side acceptor
 * is for the test DC only.
 */
@SuppressWarnings("module") // the qualified exports name io.mtj.testdc, which is built after this module
module io.mtj.transport {
    requires transitive io.mtj.crypto;
    requires static transitive org.jspecify;

    exports io.mtj.transport;
    exports io.mtj.transport.proxy;
    exports io.mtj.transport.mtproxy;
    exports io.mtj.transport.ws;
    exports io.mtj.transport.codec;
    exports io.mtj.transport.dial;
    exports io.mtj.transport.server to
            io.mtj.testdc;
}
