package io.mtj.core.login;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** What a phone login asks its user. Called on the login's thread; may block (a console reads a line). */
public interface LoginCallbacks {
    /**
     * The code that was sent; {@code attempt} is 1 for the first ask and grows after a wrong code.
     *
     * @param sent where the code went (app, SMS, call) and its length
     * @param attempt 1 for the first ask, one more after each wrong code
     * @return the code as the user typed it
     * @throws IOException to abandon the login
     */
    String code(SentCode.Sent sent, int attempt) throws IOException;

    /**
     * The two-step verification password; {@code hint} as the account set it, {@code attempt} as for the code.
     *
     * @param hint the hint the account set, or {@code null} when it set none
     * @param attempt 1 for the first ask, one more after each wrong password
     * @return the password; it is used for SRP only, never sent, logged nor kept
     * @throws IOException to abandon the login
     */
    String password(@Nullable String hint, int attempt) throws IOException;
}
