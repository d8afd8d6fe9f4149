package io.mtj.testdc;

/** Constructor ids of the MTProto service messages and API wrappers the test DC reads and writes itself. */
final class ServiceIds {
    static final int MSG_CONTAINER = 0x73f1f8dc;
    static final int GZIP_PACKED = 0x3072cfa1;
    static final int MSGS_ACK = 0x62d6b459;
    static final int RPC_RESULT = 0xf35c6d01;
    static final int RPC_ERROR = 0x2144ca19;
    static final int PING = 0x7abe77ec;
    static final int PING_DELAY_DISCONNECT = 0xf3427b8c;
    static final int PONG = 0x347773c5;
    static final int BAD_MSG_NOTIFICATION = 0xa7eff811;
    static final int BAD_SERVER_SALT = 0xedab447b;
    static final int NEW_SESSION_CREATED = 0x9ec20908;
    static final int GET_FUTURE_SALTS = 0xb921bd04;
    static final int FUTURE_SALTS = 0xae500895;
    static final int FUTURE_SALT = 0x0949d9dc;
    static final int DESTROY_SESSION = 0xe7512126;
    static final int DESTROY_SESSION_OK = 0xe22045fc;
    static final int DESTROY_SESSION_NONE = 0x62d350c9;
    static final int HTTP_WAIT = 0x9299359f;
    static final int MSGS_STATE_REQ = 0xda69fb52;
    static final int MSGS_STATE_INFO = 0x04deb57d;
    static final int MSG_RESEND_REQ = 0x7d861a08;
    static final int RPC_DROP_ANSWER = 0x58e4a740;
    static final int RPC_ANSWER_UNKNOWN = 0x5e2ad36e;

    static final int INVOKE_WITH_LAYER = 0xda9b0d0d;
    static final int INIT_CONNECTION = 0xc1cd5ea9;
    static final int INVOKE_WITHOUT_UPDATES = 0xbf9459b7;
    static final int INVOKE_AFTER_MSG = 0xcb9f372d;
    static final int INVOKE_AFTER_MSGS = 0x3dc4b4f0;
    static final int HELP_GET_CONFIG = 0xc4f9186b;
    static final int HELP_GET_NEAREST_DC = 0x1fb33026;

    static final int VECTOR = 0x1cb5c415;

    private ServiceIds() {}

    /** Whether a message with this body needs no acknowledgement (its seqno is even). */
    static boolean isServiceOnly(int constructorId) {
        return constructorId == MSGS_ACK || constructorId == MSG_CONTAINER || constructorId == HTTP_WAIT;
    }
}
