package io.mtj.core;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server answered a call with {@code rpc_error}. Well-known message forms are parsed: {@code FLOOD_WAIT_X} (wait X
 * seconds, {@link #floodWaitSeconds()}) and {@code *_MIGRATE_X} such as {@code PHONE_MIGRATE_2}, {@code
 * NETWORK_MIGRATE_4}, {@code USER_MIGRATE_5}, {@code FILE_MIGRATE_1} (repeat on DC X, {@link #migrateDc()}).
 */
public final class RpcException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final Pattern FLOOD = Pattern.compile("(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT)_(\\d{1,9})");
    private static final Pattern MIGRATE = Pattern.compile("([A-Z]+)_MIGRATE_(\\d{1,4})");

    /** The error code. */
    private final int code;
    /** The error message as the server sent it. */
    private final String errorMessage;

    /**
     * The server answered a call with {@code rpc_error}.
     *
     * @param code the error code
     * @param errorMessage the error message, e.g. {@code FLOOD_WAIT_30}
     */
    public RpcException(int code, String errorMessage) {
        super("rpc_error " + code + " " + errorMessage);
        this.code = code;
        this.errorMessage = errorMessage;
    }

    /**
     * The error code (303, 400, 401, 403, 420, 500 ...).
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * The error message as the server sent it, e.g. {@code FLOOD_WAIT_30}.
     *
     * @return the message
     */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Seconds to wait for {@code FLOOD_WAIT_X} (and its premium and slow-mode variants), else empty.
     *
     * @return the seconds, or empty for other errors
     */
    public OptionalInt floodWaitSeconds() {
        Matcher m = FLOOD.matcher(errorMessage);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /**
     * The DC to repeat the call on for {@code *_MIGRATE_X}, else empty.
     *
     * @return the DC id, or empty for other errors
     */
    public OptionalInt migrateDc() {
        Matcher m = MIGRATE.matcher(errorMessage);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }

    /**
     * What migrates for {@code *_MIGRATE_X} ({@code PHONE}, {@code NETWORK}, {@code USER}, {@code FILE}, ...).
     *
     * @return the kind, or empty for other errors
     */
    public java.util.Optional<String> migrateKind() {
        Matcher m = MIGRATE.matcher(errorMessage);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
