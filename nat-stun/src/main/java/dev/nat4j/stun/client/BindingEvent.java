package dev.nat4j.stun.client;

import dev.nat4j.stun.TransactionId;

/**
 * The outcome of one Binding transaction, as reported by {@link BindingClientEngine#pollEvent()}. Every transaction
 * started ends in exactly one event, unless it is cancelled.
 *
 * <pre>{@code
 * if (event instanceof BindingResult r) {
 *     use(r.mappedAddress());
 * } else if (event instanceof BindingTryAlternate a) {
 *     retry(a.alternateServer());
 * } else if (event instanceof BindingErrorResponse e) {
 *     log(e.code() + " " + e.reason());
 * } else if (event instanceof BindingTimeout t) {
 *     log("no answer from " + t.request().destination());
 * } else if (event instanceof BindingFailure f) {
 *     log(f.reason());
 * }
 * }</pre>
 */
public sealed interface BindingEvent
        permits BindingResult, BindingErrorResponse, BindingTryAlternate, BindingTimeout, BindingFailure {

    /** The request this answers, with its tag. */
    BindingRequest request();

    /** The transaction's id. */
    TransactionId transactionId();

    /** Nanoseconds from the first send to this outcome. */
    long elapsedNanos();
}
