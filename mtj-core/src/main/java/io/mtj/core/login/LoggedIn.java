package io.mtj.core.login;

/**
 * The account a login ended with.
 *
 * @param userId the user (or bot) id
 * @param bot whether it is a bot
 * @param dcId its home DC (the router's main DC after the login)
 * @param name its first name as the server gave it, empty when none
 */
public record LoggedIn(long userId, boolean bot, int dcId, String name) {
    /**
     * A short description for messages, without the name.
     *
     * @return {@code bot 42 on dc 3} or {@code user 1000001 on dc 2}
     */
    public String describe() {
        return (bot ? "bot " : "user ") + userId + " on dc " + dcId;
    }
}
