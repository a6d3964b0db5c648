package dev.nat4j.turn.client;

/**
 * A TURN operation failed; {@link #error()} says why. Futures of {@link TurnClient} and {@link RelayEndpoint} fail
 * with it.
 *
 * <pre>{@code
 * try { turn.allocate().join(); }
 * catch (CompletionException e) {
 *     if (e.getCause() instanceof TurnException t && t.error().reason() == TurnError.Reason.AUTHENTICATION) { ... }
 * }
 * }</pre>
 */
public final class TurnException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    private final transient TurnError error;

    /** An exception carrying {@code error}. */
    public TurnException(TurnError error) {
        super(error.toString());
        this.error = error;
    }

    /** Why the operation failed. */
    public TurnError error() {
        return error;
    }
}
