package io.mtj.core.login;

/**
 * What auth.sendCode answered: a code on its way ({@link Sent}) or a payment asked for first ({@link
 * PaymentRequired}).
 */
public sealed interface SentCode {
    /** The phone_code_hash that auth.signIn must repeat. */
    String phoneCodeHash();

    /**
     * A code was sent.
     *
     * @param phone the number it was sent for
     * @param via how: {@code app}, {@code sms}, {@code call}, {@code flash call}, or another of Telegram's kinds
     * @param length the code's length, 0 when the kind has none
     */
    record Sent(String phone, String via, int length, String phoneCodeHash) implements SentCode {}

    /** Telegram asks for a payment (auth.sentCodePaymentRequired) before it sends a code to this number. */
    record PaymentRequired(
            String phone,
            String storeProduct,
            String phoneCodeHash,
            String supportEmailAddress,
            int premiumDays,
            String currency,
            long amount)
            implements SentCode {}
}
