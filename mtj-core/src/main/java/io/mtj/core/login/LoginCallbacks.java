package io.mtj.core.login;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** What a phone login asks its user. Called on the login's thread; may block (a console reads a line). */
public interface LoginCallbacks {
    /**
     * The code that was sent; {@code attempt} is 1 for the first ask and grows after a wrong code.
     *
     * @throws IOException to abandon the login
     */
    String code(SentCode.Sent sent, int attempt) throws IOException;

    /**
     * The two-step verification password; {@code hint} as the account set it, {@code attempt} as for the code.
     *
     * @throws IOException to abandon the login
     */
    String password(@Nullable String hint, int attempt) throws IOException;
}
