package io.mtj.testdc;

import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlDecoder;
import io.mtj.tl.TlObject;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlRegistry;
import io.mtj.tl.TlWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Answers API calls: removes the invokeWithLayer / initConnection / invokeWithoutUpdates / invokeAfterMsg(s)
 * wrappers (in any order and nesting), records the call, then answers from the scripted queue, a registered handler,
 * a built-in method, or with the error a real server gives: 401 AUTH_KEY_UNREGISTERED for a method the API schema
 * knows (the DC has no logged-in user) and 400 INPUT_METHOD_INVALID_&lt;id&gt;_0 for an id no schema knows.
 */
final class RpcDispatcher {
    /** Wrappers nested deeper than this are refused. */
    static final int MAX_WRAPPER_DEPTH = 16;
    /** JSON values nested deeper than this in initConnection params are refused. */
    static final int MAX_JSON_DEPTH = 32;

    private static final int INPUT_CLIENT_PROXY = 0x75588b3f;
    private static final int JSON_NULL = 0x3f6d7b68;
    private static final int JSON_BOOL = 0xc7345e6a;
    private static final int JSON_NUMBER = 0x2be0dfa4;
    private static final int JSON_STRING = 0xb71e767a;
    private static final int JSON_ARRAY = 0xf7444763;
    private static final int JSON_OBJECT = 0x99c1d49d;
    private static final int JSON_OBJECT_VALUE = 0xc0de1bd9;

    /** A method the DC implements: its answer to one request (it may throw {@link RpcFailure}). */
    interface MethodHandler {
        RpcAnswer answer(ReceivedRequest request);
    }

    private final TlRegistry registry;
    /** The DC's methods by constructor id: built-ins, and whatever a test or a cluster registers. */
    private final Map<Integer, MethodHandler> methods = new ConcurrentHashMap<>();

    private final Map<Class<?>, Function<Object, RpcAnswer>> handlers = new ConcurrentHashMap<>();
    private final Map<Object, Deque<RpcAnswer>> scripted = new HashMap<>();
    private final ReentrantLock scriptLock = new ReentrantLock();
    private volatile @Nullable Function<ReceivedRequest, @Nullable RpcAnswer> guard;

    RpcDispatcher(TlRegistry registry) {
        this.registry = registry;
    }

    /** Registers (or replaces) the DC's handler for the method with this constructor id. */
    void register(int constructorId, MethodHandler handler) {
        methods.put(constructorId, handler);
    }

    /**
     * A check every call passes before it is answered: a non-null answer refuses the call with it (a cluster refuses
     * what an unbound temporary key may not call).
     */
    void guard(Function<ReceivedRequest, @Nullable RpcAnswer> check) {
        guard = check;
    }

    void handler(Class<?> type, Function<Object, RpcAnswer> handler) {
        handlers.put(type, handler);
    }

    /** Queues an answer for the next call keyed by a method class or an Integer constructor id. */
    void enqueue(Object key, RpcAnswer answer) {
        scriptLock.lock();
        try {
            scripted.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
        } finally {
            scriptLock.unlock();
        }
    }

    private @Nullable RpcAnswer takeScripted(ReceivedRequest request) {
        scriptLock.lock();
        try {
            Deque<RpcAnswer> byId = scripted.get(request.constructorId());
            if (byId != null && !byId.isEmpty()) {
                return byId.poll();
            }
            TlObject method = request.method();
            if (method != null) {
                Deque<RpcAnswer> byClass = scripted.get(method.getClass());
                if (byClass != null && !byClass.isEmpty()) {
                    return byClass.poll();
                }
            }
            return null;
        } finally {
            scriptLock.unlock();
        }
    }

    /**
     * One call read: what was received (null if the wrappers were malformed) and, when it cannot be executed, the
     * error answer; a null answer means "execute it with {@link #answer}".
     */
    record Outcome(
            @Nullable ReceivedRequest request, @Nullable RpcAnswer answer) {}

    /** Unwraps one call carried by message {@code msgId} of {@code session}; does not execute it. */
    Outcome read(byte[] body, long msgId, ServerSession session) {
        TlReader in = new TlReader(body, registry);
        int layer = 0;
        InitConnectionInfo init = null;
        boolean withoutUpdates = false;
        int id;
        int start;
        try {
            for (int depth = 0; ; depth++) {
                start = in.position();
                id = in.readInt();
                if (depth > MAX_WRAPPER_DEPTH) {
                    return new Outcome(null, RpcAnswer.error(400, "INPUT_REQUEST_TOO_LONG"));
                }
                if (id == ServiceIds.INVOKE_WITH_LAYER) {
                    layer = in.readInt();
                } else if (id == ServiceIds.INIT_CONNECTION) {
                    init = readInitConnection(in);
                } else if (id == ServiceIds.INVOKE_WITHOUT_UPDATES) {
                    withoutUpdates = true;
                } else if (id == ServiceIds.INVOKE_AFTER_MSG) {
                    in.readLong();
                } else if (id == ServiceIds.INVOKE_AFTER_MSGS) {
                    in.readLongVector();
                } else {
                    break;
                }
            }
        } catch (TlDecodeException e) {
            return new Outcome(null, RpcAnswer.error(400, "INPUT_FETCH_ERROR"));
        }
        if (layer != 0) {
            session.layer = layer;
        }
        if (init != null) {
            session.init = init;
        }
        byte[] query = java.util.Arrays.copyOfRange(body, start, body.length);
        TlObject method = null;
        boolean malformed = false;
        TlDecoder<? extends TlObject> decoder = registry.decoder(id);
        if (decoder != null) {
            try {
                TlReader q = new TlReader(query, registry);
                q.readInt();
                method = decoder.decode(q);
                q.expectEnd();
            } catch (TlDecodeException e) {
                malformed = true;
                method = null;
            }
        }
        ReceivedRequest request = new ReceivedRequest(
                id,
                method,
                query,
                msgId,
                session.sessionId,
                session.authKeyId,
                session.layer,
                session.init,
                withoutUpdates);
        if (malformed) {
            return new Outcome(request, RpcAnswer.error(400, "INPUT_FETCH_ERROR"));
        }
        return new Outcome(request, null);
    }

    /** Executes a call: a scripted answer, a class handler, a registered method, or the error a real server gives. */
    RpcAnswer answer(ReceivedRequest request) {
        Function<ReceivedRequest, @Nullable RpcAnswer> check = guard;
        RpcAnswer refused = check == null ? null : check.apply(request);
        if (refused != null) {
            return refused;
        }
        RpcAnswer scriptedAnswer = takeScripted(request);
        if (scriptedAnswer != null) {
            return scriptedAnswer;
        }
        TlObject method = request.method();
        if (method != null) {
            Function<Object, RpcAnswer> handler = handlers.get(method.getClass());
            if (handler != null) {
                try {
                    return handler.apply(method);
                } catch (RpcFailure failure) {
                    return RpcAnswer.error(failure.code(), failure.errorMessage());
                } catch (RuntimeException e) {
                    return RpcAnswer.error(500, "INTERNAL_SERVER_ERROR");
                }
            }
        }
        MethodHandler registered = methods.get(request.constructorId());
        if (registered != null) {
            try {
                return registered.answer(request);
            } catch (RpcFailure failure) {
                return RpcAnswer.error(failure.code(), failure.errorMessage());
            }
        }
        if (registry.contains(request.constructorId())) {
            return RpcAnswer.error(401, "AUTH_KEY_UNREGISTERED");
        }
        return RpcAnswer.error(400, "INPUT_METHOD_INVALID_" + Integer.toUnsignedString(request.constructorId()) + "_0");
    }

    private InitConnectionInfo readInitConnection(TlReader in) throws TlDecodeException {
        int flags = in.readInt();
        int apiId = in.readInt();
        String deviceModel = in.readString();
        String systemVersion = in.readString();
        String appVersion = in.readString();
        String systemLangCode = in.readString();
        String langPack = in.readString();
        String langCode = in.readString();
        if ((flags & 1) != 0) {
            int at = in.position();
            int proxyId = in.readInt();
            if (proxyId != INPUT_CLIENT_PROXY) {
                throw new TlDecodeException("expected inputClientProxy 0x75588b3f at offset 0x"
                        + Integer.toHexString(at) + ", found 0x" + Integer.toHexString(proxyId));
            }
            in.readBytes();
            in.readInt();
        }
        if ((flags & 2) != 0) {
            skipJson(in, 0);
        }
        return new InitConnectionInfo(
                apiId, deviceModel, systemVersion, appVersion, systemLangCode, langPack, langCode);
    }

    private static void skipJson(TlReader in, int depth) throws TlDecodeException {
        if (depth > MAX_JSON_DEPTH) {
            throw new TlDecodeException("JSONValue nested deeper than " + MAX_JSON_DEPTH + " at offset 0x"
                    + Integer.toHexString(in.position()));
        }
        int at = in.position();
        int id = in.readInt();
        switch (id) {
            case JSON_NULL -> {}
            case JSON_BOOL -> in.readBool();
            case JSON_NUMBER -> in.readDouble();
            case JSON_STRING -> in.readBytes();
            case JSON_ARRAY -> {
                int n = in.readVectorHeader(4);
                for (int i = 0; i < n; i++) {
                    skipJson(in, depth + 1);
                }
            }
            case JSON_OBJECT -> {
                int n = in.readVectorHeader(8);
                for (int i = 0; i < n; i++) {
                    int valueId = in.readInt();
                    if (valueId != JSON_OBJECT_VALUE) {
                        throw new TlDecodeException(
                                "expected jsonObjectValue 0xc0de1bd9, found 0x" + Integer.toHexString(valueId));
                    }
                    in.readBytes();
                    skipJson(in, depth + 1);
                }
            }
            default ->
                throw new TlDecodeException("unknown JSONValue constructor 0x" + Integer.toHexString(id)
                        + " at offset 0x" + Integer.toHexString(at));
        }
    }

    /** Serializes a handler's typed result: a TL object, a Bool, raw bytes, or a vector of objects/ints/longs. */
    static RpcAnswer encodeResult(@Nullable Object result) {
        if (result instanceof RpcAnswer answer) {
            return answer;
        }
        if (result instanceof TlObject object) {
            return RpcAnswer.result(object);
        }
        if (result instanceof Boolean b) {
            return RpcAnswer.raw(new TlWriter(4).writeBool(b).toByteArray());
        }
        if (result instanceof byte[] raw) {
            return RpcAnswer.raw(raw);
        }
        if (result instanceof List<?> list) {
            TlWriter out = new TlWriter().writeInt(ServiceIds.VECTOR).writeInt(list.size());
            for (Object element : list) {
                switch (element) {
                    case TlObject o -> o.serialize(out);
                    case Integer i -> out.writeInt(i);
                    case Long l -> out.writeLong(l);
                    default ->
                        throw new IllegalArgumentException("cannot serialize a vector element of "
                                + element.getClass().getName());
                }
            }
            return RpcAnswer.raw(out.toByteArray());
        }
        throw new IllegalArgumentException("a handler returned "
                + (result == null ? "null" : result.getClass().getName())
                + "; return a TlObject, Boolean, List, byte[] or RpcAnswer");
    }
}
