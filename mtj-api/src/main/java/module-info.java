/** The generated MTProto service schema and Telegram API layer. Everything here is API. */
module io.mtj.api {
    requires transitive io.mtj.tl;
    requires static transitive org.jspecify;

    exports io.mtj.api;
    exports io.mtj.api.mtproto;
    exports io.mtj.api.telegram;
}
