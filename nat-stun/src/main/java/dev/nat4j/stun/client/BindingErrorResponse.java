package dev.nat4j.stun.client;

import java.net.InetSocketAddress;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;

/**
 * A Binding error response with its ERROR-CODE (any code except a 300 that names an ALTERNATE-SERVER, which is a
 * {@link BindingTryAlternate}).
 *
 * <pre>{@code
 * if (event instanceof BindingErrorResponse e && e.code() == ErrorCode.BAD_REQUEST) { ... }
 * }</pre>
 *
 * @param request        the request answered
 * @param transactionId  its transaction id
 * @param local          the local transport address the response arrived on
 * @param responseSource the address the response came from
 * @param code           300..699
 * @param reason         the reason phrase, possibly empty
 * @param elapsedNanos   time from the first send to the response
 * @param response       the whole response, a private copy
 */
public record BindingErrorResponse(BindingRequest request, TransactionId transactionId, TransportAddress local,
        InetSocketAddress responseSource, int code, String reason, long elapsedNanos, StunMessage response)
        implements BindingEvent {
}
