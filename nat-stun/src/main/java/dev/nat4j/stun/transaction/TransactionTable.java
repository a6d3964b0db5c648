package dev.nat4j.stun.transaction;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;

/**
 * The client side of STUN transactions as a sans-IO machine (RFC 8489 §6.2): it sends requests, resends them on the
 * RFC schedule, matches responses by transaction id and reports timeouts. Engines that issue requests (the Binding
 * client, NAT discovery, the TURN client, the ICE agent) each own one.
 *
 * <pre>{@code
 * TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 64);
 * ClientTransaction t = table.start(requestBytes, null, server, Transport.UDP, "binding", now);
 * // on each datagram:  ClientTransaction t = table.find(message.transactionId());   // null if not ours
 * //                    if (t != null && verified(message, t)) table.cancel(t);       // done: stop resending
 * // on each timeout:   table.handleTimeout(now); then drain pollTransmit() and pollTimedOut()
 * }</pre>
 *
 * <p>Matching is by transaction id only: RFC 5780 responses legitimately come from another address, so checking the
 * source is the owner's decision. The number of outstanding transactions is capped.
 */
public final class TransactionTable {
    private final RetransmissionPolicy policy;
    private final int maxOutstanding;
    private final Map<TransactionId, ClientTransaction> outstanding = new HashMap<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<ClientTransaction> timedOut = new ArrayDeque<>();

    /**
     * @param policy         retransmission schedule
     * @param maxOutstanding how many transactions may be outstanding at once
     */
    public TransactionTable(RetransmissionPolicy policy, int maxOutstanding) {
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be at least 1");
        }
        this.policy = policy;
        this.maxOutstanding = maxOutstanding;
    }

    /**
     * Starts a transaction: copies the request (whose header carries the transaction id), queues its first send and
     * schedules the rest.
     *
     * @param request     a complete STUN request; its readable bytes are copied
     * @param source      local address to send from, or {@code null} for the driver's default
     * @param destination the server or peer
     * @param transport   UDP gets retransmissions; TCP/TLS a single send and a timeout
     * @param tag         anything the owner wants back with the result
     * @throws IllegalStateException when too many transactions are outstanding
     * @throws IllegalArgumentException when {@code request} is not a STUN request
     */
    public ClientTransaction start(ByteBuffer request, TransportAddress source, InetSocketAddress destination,
            Transport transport, Object tag, long now) {
        if (outstanding.size() >= maxOutstanding) {
            throw new IllegalStateException("too many outstanding STUN transactions (" + maxOutstanding + ")");
        }
        StunMessage parsed = StunMessage.tryParse(request);
        if (parsed == null || !parsed.isRequest()) {
            throw new IllegalArgumentException("not a STUN request");
        }
        ByteBuffer copy = ByteBuffer.allocate(request.remaining());
        copy.put(0, request, request.position(), request.remaining());
        ClientTransaction t = new ClientTransaction(parsed.transactionId(), copy.asReadOnlyBuffer(), source,
                destination, transport, tag, now);
        if (outstanding.putIfAbsent(t.id(), t) != null) {
            throw new IllegalArgumentException("transaction id already outstanding: " + t.id());
        }
        send(t, now);
        return t;
    }

    private void send(ClientTransaction t, long now) {
        transmits.add(new Transmit(t.source(), t.destination(), t.payload()));
        t.sends++;
        t.lastSentAt = now;
        if (t.transport().isStream()) {
            t.deadline = t.startedAt() + policy.reliableTimeout().toNanos();
        } else {
            long scheduled = t.startedAt() + policy.udpOffsetNanos(t.sends);
            // After a stall (a paused process, a busy loop) the schedule may lie in the past: wait at least one
            // initial RTO from now rather than sending a burst of catch-up retransmissions.
            long earliest = now + policy.initialRto().toNanos();
            t.deadline = scheduled - earliest < 0 ? earliest : scheduled;
        }
    }

    /**
     * The outstanding transaction {@code response} answers, removed from the table; or {@code null} when none does
     * (a stray response, to be dropped).
     *
     * <p>Removal happens before the caller looks further, so use this only for responses that carry no integrity to
     * check. When a response must pass MESSAGE-INTEGRITY (or any other check) first, use {@link #find} and then
     * {@link #cancel} once it passed: a forged response with a guessed or sniffed transaction id must not end the real
     * transaction, which keeps retransmitting until the genuine answer arrives.
     */
    public ClientTransaction match(StunMessage response) {
        if (!response.messageClass().isResponse() || outstanding.isEmpty()) {
            return null;
        }
        return outstanding.remove(response.transactionId());
    }

    /** The outstanding transaction with {@code id}, left in the table, or {@code null}. */
    public ClientTransaction find(TransactionId id) {
        return outstanding.get(id);
    }

    /** Stops a transaction without a result; returns whether it was outstanding. */
    public boolean cancel(ClientTransaction t) {
        return outstanding.remove(t.id(), t);
    }

    /** Resends due requests and moves expired transactions to {@link #pollTimedOut()}. */
    public void handleTimeout(long now) {
        if (outstanding.isEmpty()) {
            return;
        }
        var it = outstanding.values().iterator();
        while (it.hasNext()) {
            ClientTransaction t = it.next();
            if (now - t.deadline < 0) {
                continue;
            }
            if (!t.transport().isStream() && t.sends < policy.maxRequests()) {
                send(t, now);
            } else {
                it.remove();
                timedOut.add(t);
            }
        }
    }

    /** The next request (or resend) to put on the wire, or {@code null}. */
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    /** The next transaction that got no response in time, or {@code null}. */
    public ClientTransaction pollTimedOut() {
        return timedOut.poll();
    }

    /** The earliest resend or timeout deadline, or {@link Engine#NO_TIMEOUT}. */
    public long pollTimeout() {
        long earliest = Engine.NO_TIMEOUT;
        for (ClientTransaction t : outstanding.values()) {
            if (earliest == Engine.NO_TIMEOUT || t.deadline - earliest < 0) {
                earliest = t.deadline;
            }
        }
        return earliest;
    }

    /** How many transactions are outstanding. */
    public int size() {
        return outstanding.size();
    }
}
