package dev.nat4j.stun.client;

import dev.nat4j.stun.TransactionId;

/**
 * No acceptable response arrived in time: over UDP after the last retransmission plus Rm × RTO (39.5 s with the
 * RFC 8489 defaults), over TCP/TLS after Ti.
 *
 * <pre>{@code
 * if (event instanceof BindingTimeout t) log.info("{} did not answer {} requests", t.request().destination(),
 *         t.requestsSent());
 * }</pre>
 *
 * @param request       the request that went unanswered
 * @param transactionId its transaction id
 * @param requestsSent  how many times it was sent
 * @param elapsedNanos  time from the first send to the timeout
 */
public record BindingTimeout(BindingRequest request, TransactionId transactionId, int requestsSent,
        long elapsedNanos) implements BindingEvent {
}
