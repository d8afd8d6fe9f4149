package io.mtj.tlgen;

import java.util.List;
import java.util.Map;

/**
 * The explicit special-case table for MTProto service messages that mtproto.tl leaves to hand parsing.
 *
 * <ul>
 *   <li>{@code rpc_result}: the result's type depends on the pending request, so {@code result:Object} is kept as
 *       the raw remaining bytes ({@code byte[] result}); the session decodes it with {@code method.readResult}.
 *   <li>{@code message}: {@code bytes:int} is the length of {@code body}, which is kept as raw bytes; the length is
 *       computed on write and not a record component.
 *   <li>{@code msg_container}: {@code messages:vector<%Message>}, a bare vector of bare {@code message}.
 * </ul>
 *
 * The first three declarations are added when the schema does not declare them (mtproto.tl has them commented
 * out). The fourth, {@code msg_resend_ans_req} ("re-send the answers to these requests of mine", the counterpart of
 * {@code msg_resend_req}, which names the other party's messages), is on core.telegram.org's
 * service_messages_about_messages page but missing from mtproto.tl; the client needs it to ask for an answer the
 * server says it generated.
 * {@code gzip_packed} is handled by the runtime ({@code io.mtj.tl.TlGzip}); {@code msg_copy} is not generated.
 */
final class ServiceSpecials {
    /** How one field is encoded, when not by its declared type. */
    enum FieldKind {
        NORMAL,
        /** {@code byte[]} holding every remaining byte of the enclosing value. */
        RAW_REST,
        /** An {@code int} holding the length of the next field; not a record component. */
        LENGTH_OF_NEXT,
        /** {@code byte[]} whose length is given by the previous {@link #LENGTH_OF_NEXT} field. */
        RAW_SIZED
    }

    static final List<String> EXTRA_DECLARATIONS = List.of(
            "rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult",
            "message#5bb8e511 msg_id:long seqno:int bytes:int body:Object = Message",
            "msg_container#73f1f8dc messages:vector<%Message> = MessageContainer",
            "msg_resend_ans_req#8610baeb msg_ids:Vector<long> = MsgResendReq");

    private static final Map<String, FieldKind> FIELDS = Map.of(
            "rpc_result.result", FieldKind.RAW_REST,
            "message.bytes", FieldKind.LENGTH_OF_NEXT,
            "message.body", FieldKind.RAW_SIZED);

    private ServiceSpecials() {}

    static FieldKind kind(String combinator, String field) {
        return FIELDS.getOrDefault(combinator + "." + field, FieldKind.NORMAL);
    }
}
