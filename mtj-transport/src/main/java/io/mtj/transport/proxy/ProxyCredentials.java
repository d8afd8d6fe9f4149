package io.mtj.transport.proxy;

/**
 * A user name and password for a proxy. {@link #toString()} never shows the password.
 *
 * @param username not empty
 * @param password may be empty
 */
public record ProxyCredentials(String username, String password) {
    /**
     * Checks the user name.
     *
     * @throws IllegalArgumentException if the user name is empty
     */
    public ProxyCredentials {
        if (username.isEmpty()) {
            throw new IllegalArgumentException("proxy user name is empty");
        }
    }

    @Override
    public String toString() {
        return "ProxyCredentials[username=" + username + ", password=***]";
    }
}
