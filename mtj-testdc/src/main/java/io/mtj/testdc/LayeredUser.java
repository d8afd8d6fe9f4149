package io.mtj.testdc;

import io.mtj.api.telegram.AuthAuthorization;
import io.mtj.api.telegram.User;
import io.mtj.tl.TlWriter;
import java.util.List;

/**
 * Telegram answers every client in the layer it announced with invokeWithLayer; the DC knows only the newest schema.
 * The {@code user} objects the cluster sends set only fields every recent layer has, in the same order, so for an
 * older layer only the constructor id differs: {@code user#b1b8cc83} (layer 229), {@code user#31774388} (layer 227,
 * what mtcute 0.30 speaks) and {@code user#4b46c37e} (layer 198, GramJS 2.26). Layers between are given the nearest
 * older constructor of those three.
 */
final class LayeredUser {
    static final int LAYER_229 = 0xb1b8cc83;
    static final int LAYER_227 = 0x31774388;
    static final int LAYER_198 = 0x4b46c37e;
    private static final int VECTOR = 0x1cb5c415;

    private LayeredUser() {}

    static int constructorFor(int layer) {
        if (layer == 0 || layer >= 229) {
            return LAYER_229;
        }
        return layer >= 227 ? LAYER_227 : LAYER_198;
    }

    /** {@code user} serialized for a client of {@code layer}. */
    static byte[] bytes(User user, int layer) {
        byte[] b = user.toByteArray();
        int id = constructorFor(layer);
        b[0] = (byte) id;
        b[1] = (byte) (id >>> 8);
        b[2] = (byte) (id >>> 16);
        b[3] = (byte) (id >>> 24);
        return b;
    }

    /** auth.authorization with no optional field and {@code user} in the client's layer. */
    static RpcAnswer authorization(User user, int layer) {
        TlWriter out = new TlWriter().writeInt(AuthAuthorization.ID).writeInt(0);
        return RpcAnswer.raw(concat(out.toByteArray(), bytes(user, layer)));
    }

    /** Vector&lt;User&gt; in the client's layer. */
    static RpcAnswer vector(List<User> users, int layer) {
        TlWriter out = new TlWriter().writeInt(VECTOR).writeInt(users.size());
        byte[] all = out.toByteArray();
        for (User u : users) {
            all = concat(all, bytes(u, layer));
        }
        return RpcAnswer.raw(all);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
