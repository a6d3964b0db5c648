package dev.nat4j.turn.server;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.turn.spi.AuthHandler;

/**
 * A fixed set of users with passwords for one realm. Keys (MD5 and SHA-256) and USERHASH values are derived once;
 * passwords are not kept.
 *
 * <pre>{@code
 * AuthHandler users = StaticUsers.builder("example.org").user("alice", "secret").build();
 * }</pre>
 */
public final class StaticUsers implements AuthHandler {
    private final String realm;
    private final Map<String, byte[][]> keys;
    private final Map<ByteBuffer, String> byHash;

    private StaticUsers(String realm, Map<String, byte[][]> keys, Map<ByteBuffer, String> byHash) {
        this.realm = realm;
        this.keys = keys;
        this.byHash = byHash;
    }

    /** Starts a set for {@code realm}. */
    public static Builder builder(String realm) {
        return new Builder(realm);
    }

    @Override
    public byte[] key(String username, String realm, int passwordAlgorithm, long unixSeconds) {
        if (!this.realm.equals(realm)) {
            return null;
        }
        byte[][] k = keys.get(username);
        if (k == null) {
            return null;
        }
        return switch (passwordAlgorithm) {
            case PasswordAlgorithm.MD5 -> k[0];
            case PasswordAlgorithm.SHA256 -> k[1];
            default -> null;
        };
    }

    @Override
    public String userForHash(byte[] userhash, String realm) {
        return this.realm.equals(realm) && userhash != null ? byHash.get(ByteBuffer.wrap(userhash)) : null;
    }

    /** How many users. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "StaticUsers[realm=" + realm + ", " + keys.size() + " users]"; // never the keys
    }

    /** Collects users; {@link #build()} derives the keys. */
    public static final class Builder {
        private final String realm;
        private final Map<String, byte[][]> keys = new HashMap<>();
        private final Map<ByteBuffer, String> byHash = new HashMap<>();

        private Builder(String realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
        }

        /** Adds (or replaces) a user. */
        public Builder user(String name, String password) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty user name");
            }
            keys.put(name, new byte[][] {
                    LongTermCredentials.key(PasswordAlgorithm.MD5, name, realm, password),
                    LongTermCredentials.key(PasswordAlgorithm.SHA256, name, realm, password)});
            try {
                byHash.put(ByteBuffer.wrap(LongTermCredentials.userhash(name, realm)), name);
            } catch (IllegalArgumentException e) {
                // a name that is not a valid OpaqueString cannot be sent as USERHASH; USERNAME still works
            }
            return this;
        }

        /** The user set. */
        public StaticUsers build() {
            return new StaticUsers(realm, Map.copyOf(keys), Map.copyOf(byHash));
        }
    }
}
