package dev.nat4j.turn.client;

import java.util.Objects;

/**
 * A TURN long-term credential (RFC 8489 §9.2): a user name and its password. Time-limited credentials (the REST API
 * scheme, {@code "expiry:user"} plus an HMAC password) are just another pair, fetched fresh by a supplier.
 *
 * <pre>{@code
 * TurnCredentials c = new TurnCredentials("alice", "secret");
 * }</pre>
 *
 * @param username the user name, sent as USERNAME after OpaqueString preparation (or hashed into USERHASH)
 * @param password the password; never logged ({@link #toString()} hides it)
 */
public record TurnCredentials(String username, String password) {

    /** Checks that both parts are present. */
    public TurnCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "TurnCredentials[username=" + username + ", password=***]";
    }
}
