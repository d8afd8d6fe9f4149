package io.mtj.core.login;

/**
 * What auth.sendCode answered: a code on its way ({@link Sent}) or a payment asked for first ({@link
 * PaymentRequired}).
 */
public sealed interface SentCode {
    /**
     * The phone_code_hash that auth.signIn must repeat.
     *
     * @return the hash as the server sent it
     */
    String phoneCodeHash();

    /**
     * A code was sent.
     *
     * @param phone the number it was sent for
     * @param via how: {@code app}, {@code sms}, {@code call}, {@code flash call}, or another of Telegram's kinds
     * @param length the code's length, 0 when the kind has none
     * @param phoneCodeHash the hash auth.signIn must repeat with the code
     */
    record Sent(String phone, String via, int length, String phoneCodeHash) implements SentCode {}

    /**
     * Telegram asks for a payment (auth.sentCodePaymentRequired) before it sends a code to this number.
     *
     * @param phone the number the code was asked for
     * @param storeProduct the store's product id to buy
     * @param phoneCodeHash the hash to repeat once the payment is made
     * @param supportEmailAddress where Telegram says to write about the payment
     * @param premiumDays the days of Premium the payment buys
     * @param currency the price's currency (ISO 4217 code)
     * @param amount the price in the currency's smallest unit
     */
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
