package io.mtj.core.login;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** A login that cannot go on, with the reason as a sentence and, for a payment, the typed state. */
public final class LoginException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a login stopped. */
    public enum Reason {
        /** auth.sendCode answered auth.sentCodePaymentRequired; see {@link #paymentRequired()}. */
        PAYMENT_REQUIRED,
        /** The number has no account and signing up is not part of this flow. */
        SIGN_UP_REQUIRED,
        /** The code was wrong every time it was asked for. */
        CODE_INVALID,
        /** The password was wrong every time it was asked for. */
        PASSWORD_INVALID,
        /** The server answered in a way the flow does not know. */
        UNEXPECTED_ANSWER
    }

    /** Why the login stopped. */
    private final Reason reason;

    private final transient SentCode.@Nullable PaymentRequired payment;

    LoginException(Reason reason, String message, SentCode.@Nullable PaymentRequired payment) {
        super(message);
        this.reason = reason;
        this.payment = payment;
    }

    /**
     * Why the login stopped, for callers that react to one case (say, ask for a payment).
     *
     * @return the reason; the message says it as a sentence
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The payment Telegram asks for, when {@link #reason()} is {@link Reason#PAYMENT_REQUIRED}.
     *
     * @return the payment asked for, or {@code null} for every other reason (and after deserialization)
     */
    public SentCode.@Nullable PaymentRequired paymentRequired() {
        return payment;
    }
}
