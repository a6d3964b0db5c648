package dev.nat4j.stun.discovery;

/**
 * A NAT check could not produce a result: the STUN server refused or garbled its answer, or no local socket could be
 * opened. (A server that never answers is a result, "UDP blocked", not this.)
 *
 * <pre>{@code
 * try { report = check.run().join(); }
 * catch (CompletionException e) { if (e.getCause() instanceof NatCheckException n) System.err.println(n.getMessage()); }
 * }</pre>
 */
public final class NatCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line for people */
    public NatCheckException(String message) {
        super(message);
    }

    /** As {@link #NatCheckException(String)}, with the cause. */
    public NatCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
