package dev.nat4j.stun.client;

import java.io.IOException;

import dev.nat4j.core.SocketAddresses;

/**
 * A Binding request that ended without a mapped address; {@link #outcome()} says how (error response, Try Alternate,
 * timeout, failure). This is how {@link StunClient}'s futures fail for protocol outcomes; network errors (connection
 * refused, TLS handshake, DNS) fail them with their own {@link IOException}s.
 *
 * <pre>{@code
 * client.binding(server).exceptionally(e -> {
 *     if (e.getCause() instanceof BindingFailedException f && f.outcome() instanceof BindingTryAlternate a) {
 *         return client.binding(a.alternateServer()).join();
 *     }
 *     throw new CompletionException(e.getCause());
 * });
 * }</pre>
 */
public final class BindingFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient BindingEvent outcome;

    /** An exception for a non-success {@code outcome}. */
    public BindingFailedException(BindingEvent outcome) {
        super(describe(outcome));
        if (outcome instanceof BindingResult) {
            throw new IllegalArgumentException("a success is not a failure");
        }
        this.outcome = outcome;
    }

    /** How the request ended: never a {@link BindingResult}. */
    public BindingEvent outcome() {
        return outcome;
    }

    /** The STUN error code when the server answered with an error (300 for Try Alternate), else -1. */
    public int errorCode() {
        if (outcome instanceof BindingErrorResponse e) {
            return e.code();
        }
        return outcome instanceof BindingTryAlternate ? 300 : -1;
    }

    /** True when no response arrived in time. */
    public boolean isTimeout() {
        return outcome instanceof BindingTimeout;
    }

    private static String describe(BindingEvent outcome) {
        String server = SocketAddresses.format(outcome.request().destination()) + " ("
                + outcome.request().transport().token() + ")";
        if (outcome instanceof BindingErrorResponse e) {
            return server + " answered error " + e.code() + (e.reason().isEmpty() ? "" : " " + e.reason());
        }
        if (outcome instanceof BindingTryAlternate a) {
            return server + " answered 300 Try Alternate: " + SocketAddresses.format(a.alternateServer());
        }
        if (outcome instanceof BindingTimeout t) {
            return "no response from " + server + " to " + t.requestsSent() + " request(s) in "
                    + t.elapsedNanos() / 1_000_000 + " ms";
        }
        if (outcome instanceof BindingFailure f) {
            return "Binding to " + server + " failed: " + f.reason();
        }
        return String.valueOf(outcome);
    }
}
