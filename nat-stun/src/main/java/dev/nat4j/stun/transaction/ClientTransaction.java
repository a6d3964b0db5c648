package dev.nat4j.stun.transaction;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.TransactionId;

/**
 * One outstanding request: its bytes, where it goes, and its retransmission state. Created by
 * {@link TransactionTable#start}; the owner's {@code tag} says what the request was for.
 */
public final class ClientTransaction {
    private final TransactionId id;
    private final ByteBuffer request;
    private final TransportAddress source;
    private final InetSocketAddress destination;
    private final Transport transport;
    private final Object tag;
    private final long startedAt;
    int sends;
    long lastSentAt;
    long deadline;

    ClientTransaction(TransactionId id, ByteBuffer request, TransportAddress source, InetSocketAddress destination,
            Transport transport, Object tag, long startedAt) {
        this.id = id;
        this.request = request;
        this.source = source;
        this.destination = destination;
        this.transport = transport;
        this.tag = tag;
        this.startedAt = startedAt;
    }

    /** The transaction id. */
    public TransactionId id() {
        return id;
    }

    /** A read-only view of the request bytes. */
    public ByteBuffer request() {
        return request.asReadOnlyBuffer();
    }

    /** The local address it is sent from, or {@code null} for the driver's default. */
    public TransportAddress source() {
        return source;
    }

    /** Where it is sent. */
    public InetSocketAddress destination() {
        return destination;
    }

    /** The transport it is sent over. */
    public Transport transport() {
        return transport;
    }

    /** What the owner attached when it started the transaction. */
    public Object tag() {
        return tag;
    }

    /** When it started (nanoseconds on the caller's clock). */
    public long startedAt() {
        return startedAt;
    }

    /** How many times the request has been sent. */
    public int sends() {
        return sends;
    }

    /**
     * The round-trip time if a response arrives at {@code now}, or -1 when the request was sent more than once and the
     * response cannot be matched to one send (Karn's rule).
     */
    public long rttNanos(long now) {
        return sends == 1 ? now - lastSentAt : -1;
    }

    ByteBuffer payload() {
        return request.duplicate();
    }

    @Override
    public String toString() {
        return "ClientTransaction[" + id + " -> " + destination + " sends=" + sends + "]";
    }
}
