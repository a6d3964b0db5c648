package dev.nat4j.stun.client;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;

/**
 * A Binding success response: the server saw this client at {@link #mappedAddress()}.
 *
 * <pre>{@code
 * BindingResult r = client.binding(StunUri.parse("stun:stun.example.org")).join();
 * System.out.println("public address: " + r.mappedAddress());
 * }</pre>
 *
 * @param request        the request answered
 * @param transactionId  its transaction id
 * @param local          the local transport address the response arrived on
 * @param responseSource the address the response came from (differs from the server's when it answered from its
 *                       other address, RFC 5780)
 * @param mappedAddress  from XOR-MAPPED-ADDRESS, or from MAPPED-ADDRESS when only that is present (RFC 3489 servers)
 * @param xorMapped      whether {@code mappedAddress} came from XOR-MAPPED-ADDRESS
 * @param otherAddress   OTHER-ADDRESS (RFC 5780), or {@code null}
 * @param responseOrigin RESPONSE-ORIGIN (RFC 5780), or {@code null}
 * @param rttNanos       round-trip time of the request, or -1 when it was sent more than once and the response cannot
 *                       be tied to one send (Karn's rule)
 * @param elapsedNanos   time from the first send to the response
 * @param requestsSent   how many times the request was sent
 * @param response       the whole response, a private copy (do not {@code wrap} other bytes into it)
 */
public record BindingResult(BindingRequest request, TransactionId transactionId, TransportAddress local,
        InetSocketAddress responseSource, InetSocketAddress mappedAddress, boolean xorMapped,
        InetSocketAddress otherAddress, InetSocketAddress responseOrigin, long rttNanos, long elapsedNanos,
        int requestsSent, StunMessage response) implements BindingEvent {

    /** The round-trip time, or the time to the response when the request was retransmitted. */
    public Duration rtt() {
        return Duration.ofNanos(rttNanos >= 0 ? rttNanos : elapsedNanos);
    }

    /** The server the request was sent to. */
    public InetSocketAddress server() {
        return request.destination();
    }
}
