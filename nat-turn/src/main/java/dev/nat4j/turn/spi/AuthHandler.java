package dev.nat4j.turn.spi;

/**
 * Long-term credential lookup (RFC 8489 §9.2) for a TURN server: the key for a user, never the password itself
 * leaving the handler. Implementations must not log what they are given.
 *
 * <pre>{@code
 * AuthHandler users = (username, realm, algorithm, unixSeconds) ->
 *         "alice".equals(username) ? LongTermCredentials.key(algorithm, username, realm, "secret") : null;
 * }</pre>
 */
@FunctionalInterface
public interface AuthHandler {

    /**
     * The long-term key of {@code username} in {@code realm}, or {@code null} when the user is unknown or its
     * credential is not valid at {@code unixSeconds}.
     *
     * @param passwordAlgorithm {@code PasswordAlgorithm.MD5} or {@code PasswordAlgorithm.SHA256}
     * @param unixSeconds       the current wall-clock time, for time-limited credentials
     */
    byte[] key(String username, String realm, int passwordAlgorithm, long unixSeconds);

    /** The user name whose USERHASH (RFC 8489 §14.4) is {@code userhash}, or {@code null} when not known. */
    default String userForHash(byte[] userhash, String realm) {
        return null;
    }
}
