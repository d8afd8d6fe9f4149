/**
 * The MTProto client: {@link io.mtj.core.TelegramClient}, its {@link io.mtj.core.ClientConfig}, Telegram's keys and
 * addresses, listeners, errors, session storage, and the simple-config bootstrap ({@code io.mtj.core.bootstrap}). The key exchange, the session engine, the wire codecs and the
 * JFR event classes are internal, open only to the test DC, which runs the same code turned around.
 */
@SuppressWarnings("module") // the qualified exports name io.mtj.testdc, which is built after this module
module io.mtj.core {
    requires transitive io.mtj.api;
    requires transitive io.mtj.transport;
    requires java.net.http;
    requires jdk.jfr;
    requires static transitive org.jspecify;

    exports io.mtj.core;
    exports io.mtj.core.storage;
    exports io.mtj.core.dc;
    exports io.mtj.core.login;
    exports io.mtj.core.files;
    exports io.mtj.core.bootstrap;
    exports io.mtj.core.auth to
            io.mtj.testdc;
    exports io.mtj.core.session to
            io.mtj.testdc;
    exports io.mtj.core.wire to
            io.mtj.testdc;
    exports io.mtj.core.event to
            io.mtj.testdc;
}
