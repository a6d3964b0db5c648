package dev.nat4j.stun.client;

import dev.nat4j.stun.TransactionId;

/**
 * The transaction failed without a usable answer: its TCP/TLS connection closed, or a matching response was one
 * RFC 8489 §6.3.3-6.3.4 says ends the transaction without being used (an unknown comprehension-required attribute,
 * an error response without ERROR-CODE).
 *
 * <pre>{@code
 * if (event instanceof BindingFailure f) log.warn("binding to {} failed: {}", f.request().destination(), f.reason());
 * }</pre>
 *
 * @param request       the request that failed
 * @param transactionId its transaction id
 * @param reason        a short human-readable reason
 * @param elapsedNanos  time from the first send to the failure
 */
public record BindingFailure(BindingRequest request, TransactionId transactionId, String reason, long elapsedNanos)
        implements BindingEvent {
}
