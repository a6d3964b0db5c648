package dev.nat4j.ice;

/**
 * Which agent decides (RFC 8445 §6.1.1): the controlling agent nominates the pair; the controlled one follows.
 */
public enum IceRole {
    CONTROLLING,
    CONTROLLED;

    /** The other role. */
    public IceRole opposite() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
