package io.mtj.testdc;

import io.mtj.api.mtproto.BindAuthKeyInner;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.crypto.BindingCipher;
import io.mtj.crypto.SecurityCheckException;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The server side of {@code auth.bindTempAuthKey} (core.telegram.org/mtproto/pfs) for one DC: the encrypted_message
 * must open with the permanent key it names, its msg_id must be the carrying message's, and the inner {@code
 * bind_auth_key_inner} must repeat the call's nonce, expires_at and permanent key id, name the temporary key the call
 * came with and the session it came in. Anything else is {@code 400 ENCRYPTED_MESSAGE_INVALID}. A temporary key
 * already bound to another permanent key is {@code 400 TEMP_AUTH_KEY_ALREADY_BOUND}.
 *
 * <p>Several temporary keys may be bound to one permanent key at once, each until it expires: core.telegram.org/api/pfs
 * asks a client with parallel sessions to bind a key per session to the same permanent key, and tdlib does so for
 * its main, download and upload sessions (the method page's older "a new binding overwrites the previous one" would
 * leave all but one of them refused; the DC must not be stricter than Telegram in a way real clients meet). A renewing
 * client also keeps its old key bound while the calls sent under it finish.
 */
final class TempKeyBindings {
    private final Map<Long, Long> permOfTemp = new ConcurrentHashMap<>();
    private final Map<Long, Long> tempOfPerm = new ConcurrentHashMap<>();
    private final LongFunction<byte @Nullable []> permanentKeys;

    TempKeyBindings(LongFunction<byte @Nullable []> permanentKeys) {
        this.permanentKeys = permanentKeys;
    }

    /** Checks and records the binding asked by {@code call}, which came with {@code tempKeyId} in {@code sessionId}. */
    void bind(AuthBindTempAuthKey call, long tempKeyId, long sessionId, long msgId) {
        byte[] perm = permanentKeys.apply(call.permAuthKeyId());
        if (perm == null || call.permAuthKeyId() == tempKeyId) {
            throw new RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
        }
        BindAuthKeyInner inner;
        try {
            BindingCipher.Opened opened = BindingCipher.open(perm, call.encryptedMessage());
            if (opened.msgId() != msgId || opened.seqNo() != 0) {
                throw new RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
            }
            TlReader in = new TlReader(opened.body());
            if (in.readInt() != BindAuthKeyInner.ID) {
                throw new RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
            }
            inner = BindAuthKeyInner.readBody(in);
            in.expectEnd();
        } catch (SecurityCheckException | TlDecodeException e) {
            throw new RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
        }
        if (inner.nonce() != call.nonce()
                || inner.expiresAt() != call.expiresAt()
                || inner.permAuthKeyId() != call.permAuthKeyId()
                || inner.tempAuthKeyId() != tempKeyId
                || inner.tempSessionId() != sessionId) {
            throw new RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
        }
        Long already = permOfTemp.get(tempKeyId);
        if (already != null && already != call.permAuthKeyId()) {
            throw new RpcFailure(400, "TEMP_AUTH_KEY_ALREADY_BOUND");
        }
        tempOfPerm.put(call.permAuthKeyId(), tempKeyId);
        permOfTemp.put(tempKeyId, call.permAuthKeyId());
    }

    /** The temporary key bound last to a permanent key (and not forgotten since), or null when none is. */
    @Nullable
    Long temporaryOf(long permKeyId) {
        return tempOfPerm.get(permKeyId);
    }

    /** Drops the binding of a temporary key the DC forgot. */
    void forget(long tempKeyId) {
        Long perm = permOfTemp.remove(tempKeyId);
        if (perm != null) {
            tempOfPerm.remove(perm, tempKeyId);
        }
    }

    /** The permanent key a temporary key acts for, or null when it is not bound. */
    @Nullable
    Long permanentOf(long tempKeyId) {
        return permOfTemp.get(tempKeyId);
    }
}
