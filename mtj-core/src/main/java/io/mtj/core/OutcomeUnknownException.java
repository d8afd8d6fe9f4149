package io.mtj.core;

import java.io.IOException;

/**
 * Whether the server executed a call cannot be known: the server no longer remembers the message (msgs_state_info
 * status 1, bad_msg_notification 20), or it started a new session after the call was sent ({@code
 * new_session_created} with a first_msg_id above the call's). The call is never re-sent blindly; this is the one
 * failure after which a caller must find out by itself (for instance by reading the state the call would have
 * changed) whether to repeat it.
 */
public final class OutcomeUnknownException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An outcome that cannot be learned.
     *
     * @param message which call it was and why its outcome is lost, as a sentence for the user
     */
    public OutcomeUnknownException(String message) {
        super(message);
    }
}
