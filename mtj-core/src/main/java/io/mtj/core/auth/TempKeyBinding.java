package io.mtj.core.auth;

import io.mtj.api.mtproto.BindAuthKeyInner;
import io.mtj.api.mtproto.Ping;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.core.RpcException;
import io.mtj.crypto.BindingCipher;
import io.mtj.tl.TlReader;
import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * The two requests a temporary key needs before calls go out under it, each in a {@link OneShotSession}: {@link
 * #bind} ({@code auth.bindTempAuthKey}, core.telegram.org/mtproto/pfs) and {@link #probe} (a {@code ping} on a key
 * reused on a new connection).
 */
public final class TempKeyBinding {
    private TempKeyBinding() {}

    /** The server answered the binding with an error; {@link #rpc()} is its answer. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final RpcException rpc;

        RefusedException(String message, RpcException rpc) {
            super(message, rpc);
            this.rpc = rpc;
        }

        /** {@return the server's error} */
        public RpcException rpc() {
            return rpc;
        }

        /**
         * {@return whether the answer was 400 ENCRYPTED_MESSAGE_INVALID, which a server gives when it does not know the
         * permanent key}
         */
        public boolean encryptedMessageInvalid() {
            return rpc.code() == 400 && "ENCRYPTED_MESSAGE_INVALID".equals(rpc.errorMessage());
        }
    }

    /**
     * Binds {@code temp} to {@code perm}: {@code bind_auth_key_inner} (a random nonce, both key ids, the one-shot
     * session's id, expires_at) sealed under the permanent key by {@link BindingCipher} for the msg_id of the message
     * that carries it, as the server checks.
     *
     * @param channel a one-shot session under {@code temp}
     * @param perm the permanent key
     * @param temp the temporary key to bind
     * @param random the nonce and the sealed message's salt, session id and padding
     * @throws RefusedException if the server refused the binding
     * @throws IOException if the connection failed or the answer was not a Bool
     */
    public static void bind(OneShotSession channel, AuthKey perm, TempAuthKey temp, RandomGenerator random)
            throws IOException {
        long nonce = random.nextLong();
        int expiresAt = (int) temp.expiresAt().getEpochSecond();
        byte[] permKey = perm.key();
        byte[] answer;
        try {
            answer = channel.call(
                    msgId -> {
                        byte[] inner = new BindAuthKeyInner(
                                        nonce, temp.key().id(), perm.id(), channel.sessionId(), expiresAt)
                                .toByteArray();
                        byte[] sealed = BindingCipher.seal(permKey, msgId, inner, random);
                        return new AuthBindTempAuthKey(perm.id(), nonce, expiresAt, sealed).toByteArray();
                    },
                    "auth.bindTempAuthKey");
        } catch (RpcException e) {
            throw new RefusedException(
                    "the server refused to bind temporary key 0x"
                            + Long.toHexString(temp.key().id()) + " to permanent key 0x" + Long.toHexString(perm.id())
                            + ": " + e.getMessage(),
                    e);
        }
        if (!new TlReader(answer).readBool()) {
            throw new IOException("the server answered boolFalse to auth.bindTempAuthKey for temporary key 0x"
                    + Long.toHexString(temp.key().id()));
        }
    }

    /**
     * Proves the server still knows the key of {@code channel}: a ping, answered with pong. A server that forgot the
     * key answers transport error -404 instead, before any call was written under it.
     *
     * @param channel a one-shot session under the key
     * @param random the ping id
     * @throws IOException if the server did not answer the ping (a -404 included)
     */
    public static void probe(OneShotSession channel, RandomGenerator random) throws IOException {
        long pingId = random.nextLong();
        channel.call(msgId -> new Ping(pingId).toByteArray(), "ping");
    }
}
