package dev.nat4j.stun.client;

import java.net.InetSocketAddress;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;

/**
 * A 300 (Try Alternate) error response naming another server in ALTERNATE-SERVER (RFC 8489 §10). The engine does not
 * follow it by itself: the caller decides whether to trust the redirect and sends a new request.
 *
 * <pre>{@code
 * if (event instanceof BindingTryAlternate a) engine.start(BindingRequest.to(a.alternateServer()), now);
 * }</pre>
 *
 * @param request         the request answered
 * @param transactionId   its transaction id
 * @param local           the local transport address the response arrived on
 * @param responseSource  the address the response came from
 * @param alternateServer the server to try instead
 * @param reason          the reason phrase, possibly empty
 * @param elapsedNanos    time from the first send to the response
 * @param response        the whole response, a private copy
 */
public record BindingTryAlternate(BindingRequest request, TransactionId transactionId, TransportAddress local,
        InetSocketAddress responseSource, InetSocketAddress alternateServer, String reason, long elapsedNanos,
        StunMessage response) implements BindingEvent {
}
