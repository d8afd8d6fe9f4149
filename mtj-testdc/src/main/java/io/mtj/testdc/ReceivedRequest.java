package io.mtj.testdc;

import io.mtj.tl.TlObject;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One API call the test DC received, with the wrappers it came in already removed.
 *
 * @param constructorId the id of the innermost query
 * @param method the query decoded through the API registry, or null when the registry does not know the id
 * @param body the innermost query's serialized bytes (boxed)
 * @param msgId the msg_id of the message that carried the call
 * @param sessionId the client's session id
 * @param authKeyId the auth key the call was encrypted with
 * @param layer the layer from invokeWithLayer on this call, else the last one the session announced, else 0
 * @param init the initConnection fields on this call, else the last ones the session sent, else null
 * @param withoutUpdates whether the call was wrapped in invokeWithoutUpdates
 */
public record ReceivedRequest(
        int constructorId,
        @Nullable TlObject method,
        byte[] body,
        long msgId,
        long sessionId,
        long authKeyId,
        int layer,
        @Nullable InitConnectionInfo init,
        boolean withoutUpdates) {

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ReceivedRequest r
                && constructorId == r.constructorId
                && java.util.Objects.equals(method, r.method)
                && Arrays.equals(body, r.body)
                && msgId == r.msgId
                && sessionId == r.sessionId
                && authKeyId == r.authKeyId
                && layer == r.layer
                && java.util.Objects.equals(init, r.init)
                && withoutUpdates == r.withoutUpdates;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msgId) * 31 + constructorId;
    }

    @Override
    public String toString() {
        return "ReceivedRequest[id=0x" + Integer.toHexString(constructorId) + ", method=" + method + ", msgId=0x"
                + Long.toHexString(msgId) + ", layer=" + layer + ", init=" + init + ", withoutUpdates="
                + withoutUpdates + "]";
    }
}
