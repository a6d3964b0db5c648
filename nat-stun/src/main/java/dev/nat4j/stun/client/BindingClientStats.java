package dev.nat4j.stun.client;

/**
 * A snapshot of what a {@link BindingClientEngine} dropped, by reason.
 *
 * <pre>{@code
 * BindingClientStats s = engine.stats();
 * metrics.gauge("stun.client.dropped.unmatched", s.unmatched());
 * }</pre>
 *
 * @param malformed        not a well-formed STUN message, or a matching response whose attributes could not be
 *                         decoded or that lacked a mapped address
 * @param badFingerprint   a FINGERPRINT that does not match
 * @param unknownAttribute a matching response with an unknown comprehension-required attribute (the transaction
 *                         fails, RFC 8489 §6.3.3)
 * @param unmatched        not a response, not Binding, no outstanding transaction with its id, or arrived on the
 *                         wrong socket or connection
 */
public record BindingClientStats(long malformed, long badFingerprint, long unknownAttribute, long unmatched) {

    /** Everything dropped. */
    public long total() {
        return malformed + badFingerprint + unknownAttribute + unmatched;
    }
}
