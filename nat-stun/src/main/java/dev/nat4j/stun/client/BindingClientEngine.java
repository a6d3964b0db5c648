package dev.nat4j.stun.client;

import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.ConnectionObserver;
import dev.nat4j.stun.AttributeRegistry;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.AlternateServer;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.MappedAddress;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.ResponseOrigin;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.transaction.ClientTransaction;
import dev.nat4j.stun.transaction.RetransmissionPolicy;
import dev.nat4j.stun.transaction.TransactionTable;

/**
 * A sans-IO STUN Binding client (RFC 8489 §6.2-6.3): sends Binding requests to any number of servers at once, each
 * from a chosen local socket, retransmits them on the RFC schedule, and reports one {@link BindingEvent} per request.
 *
 * <pre>{@code
 * BindingClientEngine engine = new BindingClientEngine(RetransmissionPolicy.DEFAULT, 64);
 * TransactionId a = engine.start(BindingRequest.to(serverA), now);
 * TransactionId b = engine.start(BindingRequest.to(serverB).with(new ChangeRequest(false, true)), now);
 * // drive it: handleDatagram / handleTimeout, then drain pollTransmit() and pollEvent()
 * }</pre>
 *
 * <p>Responses are matched by transaction id. Over UDP they may come from any address (RFC 5780 servers answer from
 * their other address) but must arrive on the socket the request left from; over TCP/TLS they must arrive on the
 * request's connection. A datagram that is not STUN, not a Binding response to an outstanding request, arrives on the
 * wrong socket, or fails its FINGERPRINT is dropped and counted ({@link #stats()}); the transaction goes on
 * retransmitting, so a forged or stray packet cannot end it. A matching response the RFC says to discard with the
 * transaction (an unknown comprehension-required attribute, an error response without ERROR-CODE) ends it as a
 * {@link BindingFailure}.
 *
 * <p>Not thread-safe: one thread drives it, as with every engine.
 */
public final class BindingClientEngine implements Engine<BindingEvent>, ConnectionObserver {
    private static final Logger LOG = LoggerFactory.getLogger(BindingClientEngine.class);
    /** The largest message a STUN length field allows: header plus 65535. */
    private static final int MAX_MESSAGE = StunMessage.HEADER_LENGTH + 0xFFFF;

    private final TransactionTable table;
    private final Map<TransactionId, ClientTransaction> live = new HashMap<>();
    /** TCP/TLS connections the driver reported open and not yet closed. */
    private final Set<StreamKey> openStreams = new HashSet<>();
    private final ArrayDeque<BindingEvent> events = new ArrayDeque<>();
    private final StunMessage view = new StunMessage();
    private ByteBuffer scratch = ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE);
    private final StunWriter writer = new StunWriter(scratch);

    private long malformed;
    private long badFingerprint;
    private long unknownAttribute;
    private long unmatched;

    /**
     * @param policy         the retransmission schedule ({@link RetransmissionPolicy#DEFAULT} for RFC 8489's)
     * @param maxOutstanding how many requests may be outstanding at once
     */
    public BindingClientEngine(RetransmissionPolicy policy, int maxOutstanding) {
        this.table = new TransactionTable(Objects.requireNonNull(policy, "policy"), maxOutstanding);
    }

    /**
     * Sends a Binding request: its first transmit is ready at once, retransmissions follow from
     * {@link #handleTimeout(long)}.
     *
     * @return the new transaction's id (from {@link java.security.SecureRandom}), to match the outcome or cancel it
     * @throws IllegalStateException    when {@code maxOutstanding} requests are outstanding
     * @throws IllegalArgumentException when the attributes do not fit in one STUN message
     */
    public TransactionId start(BindingRequest request, long now) {
        Objects.requireNonNull(request, "request");
        TransactionId id = TransactionId.random();
        ByteBuffer message = encode(request, id);
        ClientTransaction t = table.start(message, request.source(), request.destination(), request.transport(),
                request, now);
        live.put(id, t);
        return id;
    }

    private ByteBuffer encode(BindingRequest request, TransactionId id) {
        try {
            return encodeInto(scratch, request, id);
        } catch (BufferOverflowException small) {
            // PADDING can make a request larger than a datagram buffer; grow once to the largest STUN message.
            if (scratch.capacity() < MAX_MESSAGE) {
                scratch = ByteBuffer.allocate(MAX_MESSAGE);
                try {
                    return encodeInto(scratch, request, id);
                } catch (BufferOverflowException stillTooBig) {
                    // fall through
                }
            }
            throw new IllegalArgumentException("Binding request attributes do not fit in one STUN message");
        }
    }

    private ByteBuffer encodeInto(ByteBuffer buffer, BindingRequest request, TransactionId id) {
        buffer.clear();
        writer.reset(buffer).start(StunMethod.BINDING, MessageClass.REQUEST, id);
        for (StunAttribute a : request.attributes()) {
            writer.add(a);
        }
        if (request.fingerprint()) {
            writer.addFingerprint();
        }
        return writer.finish();
    }

    /** Stops a transaction without an event; returns whether it was outstanding. */
    public boolean cancel(TransactionId id) {
        ClientTransaction t = live.remove(id);
        return t != null && table.cancel(t);
    }

    /** How many requests are outstanding. */
    public int outstanding() {
        return live.size();
    }

    /** Counts of dropped datagrams, by reason. */
    public BindingClientStats stats() {
        return new BindingClientStats(malformed, badFingerprint, unknownAttribute, unmatched);
    }

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (!view.wrap(payload)) {
            malformed++;
            debug("not a STUN message ({}) from {} on {}", view.error(), remote, local);
            return;
        }
        if (!view.messageClass().isResponse()) {
            unmatched++;
            debug("{} from {} on {} is not a response", view, remote, local);
            return;
        }
        ClientTransaction t = live.get(view.transactionId());
        if (t == null || view.method() != StunMethod.BINDING) {
            unmatched++;
            debug("{} from {} on {} matches no outstanding Binding request", view, remote, local);
            return;
        }
        BindingRequest request = (BindingRequest) t.tag();
        if (!arrivedOnRequestPath(request, local, remote)) {
            unmatched++;
            debug("response {} from {} arrived on {}, not on the request's path", view, remote, local);
            return;
        }
        if (view.fingerprintIndex() >= 0 && !IntegrityCodec.verifyFingerprint(view)) {
            badFingerprint++;
            debug("response {} from {} has a bad FINGERPRINT", view, remote);
            return;
        }
        int unknown = view.firstUnknownComprehensionRequired(AttributeRegistry::isKnown);
        if (unknown >= 0) {
            unknownAttribute++;
            debug("response {} from {} has unknown comprehension-required attribute 0x{}", view, remote,
                    Integer.toHexString(unknown));
            finish(t);
            events.add(new BindingFailure(request, t.id(),
                    String.format("response has unknown comprehension-required attribute 0x%04x", unknown),
                    now - t.startedAt()));
            return;
        }
        try {
            if (view.isSuccessResponse()) {
                handleSuccess(t, request, local, remote, now);
            } else {
                handleError(t, request, local, remote, now);
            }
        } catch (StunParseException e) {
            malformed++;
            debug("response {} from {} has a malformed attribute: {}", view, remote, e.getMessage());
        }
    }

    private static boolean arrivedOnRequestPath(BindingRequest request, TransportAddress local,
            InetSocketAddress remote) {
        if (local.transport() != request.transport()) {
            return false;
        }
        if (request.source() != null && !request.source().equals(local)) {
            return false;
        }
        // Over a stream the response must come back on the request's connection; over UDP RFC 5780 servers may
        // answer from another address.
        return !request.transport().isStream() || request.destination().equals(remote);
    }

    private void handleSuccess(ClientTransaction t, BindingRequest request, TransportAddress local,
            InetSocketAddress remote, long now) {
        XorMappedAddress xor = view.get(XorMappedAddress.TYPE);
        InetSocketAddress mapped = xor != null ? xor.address() : null;
        if (mapped == null) {
            MappedAddress plain = view.get(MappedAddress.TYPE);
            mapped = plain != null ? plain.address() : null;
        }
        if (mapped == null) {
            throw new StunParseException("Binding success response without a mapped address");
        }
        OtherAddress other = view.get(OtherAddress.TYPE);
        ResponseOrigin origin = view.get(ResponseOrigin.TYPE);
        finish(t);
        events.add(new BindingResult(request, t.id(), local, remote, mapped, xor != null,
                other != null ? other.address() : null, origin != null ? origin.address() : null,
                t.rttNanos(now), now - t.startedAt(), t.sends(), view.copy()));
    }

    private void handleError(ClientTransaction t, BindingRequest request, TransportAddress local,
            InetSocketAddress remote, long now) {
        ErrorCode error = view.get(ErrorCode.TYPE);
        long elapsed = now - t.startedAt();
        if (error == null) {
            finish(t);
            events.add(new BindingFailure(request, t.id(), "error response without ERROR-CODE", elapsed));
            return;
        }
        if (error.code() == ErrorCode.TRY_ALTERNATE) {
            AlternateServer alternate = alternateOrNull();
            if (alternate != null) {
                finish(t);
                events.add(new BindingTryAlternate(request, t.id(), local, remote, alternate.address(),
                        error.reason(), elapsed, view.copy()));
                return;
            }
        }
        finish(t);
        events.add(new BindingErrorResponse(request, t.id(), local, remote, error.code(), error.reason(), elapsed,
                view.copy()));
    }

    private AlternateServer alternateOrNull() {
        try {
            return view.get(AlternateServer.TYPE);
        } catch (StunParseException e) {
            // A 300 whose redirect is unreadable is still an error response; report it as one.
            return null;
        }
    }

    private void finish(ClientTransaction t) {
        live.remove(t.id());
        table.cancel(t);
    }

    /** Notes that the TCP/TLS connection ({@code local}, {@code remote}) is up; the driver calls this. */
    @Override
    public void handleConnectionOpened(TransportAddress local, InetSocketAddress remote, long now) {
        openStreams.add(new StreamKey(local, remote));
    }

    /**
     * True while the TCP/TLS connection ({@code local}, {@code remote}) is open, as far as
     * {@link #handleConnectionOpened} and {@link #handleConnectionClosed} have said: a caller that connected first
     * checks it before {@link #start}, since a connection may close before the request is started.
     */
    public boolean isConnectionOpen(TransportAddress local, InetSocketAddress remote) {
        return openStreams.contains(new StreamKey(local, remote));
    }

    /**
     * Fails every outstanding TCP/TLS transaction on the connection ({@code local}, {@code remote}): a response can no
     * longer arrive on it. The driver calls this when it sees the connection close.
     */
    @Override
    public void handleConnectionClosed(TransportAddress local, InetSocketAddress remote, long now) {
        openStreams.remove(new StreamKey(local, remote));
        List<ClientTransaction> failed = new ArrayList<>();
        for (ClientTransaction t : live.values()) {
            BindingRequest r = (BindingRequest) t.tag();
            if (r.transport().isStream() && r.transport() == local.transport() && r.destination().equals(remote)
                    && (r.source() == null || r.source().equals(local))) {
                failed.add(t);
            }
        }
        for (ClientTransaction t : failed) {
            finish(t);
            events.add(new BindingFailure((BindingRequest) t.tag(), t.id(), "connection closed",
                    now - t.startedAt()));
        }
    }

    @Override
    public void handleTimeout(long now) {
        table.handleTimeout(now);
        for (ClientTransaction t; (t = table.pollTimedOut()) != null; ) {
            live.remove(t.id());
            events.add(new BindingTimeout((BindingRequest) t.tag(), t.id(), t.sends(), now - t.startedAt()));
        }
    }

    @Override
    public Transmit pollTransmit() {
        return table.pollTransmit();
    }

    @Override
    public long pollTimeout() {
        return table.pollTimeout();
    }

    @Override
    public BindingEvent pollEvent() {
        return events.poll();
    }

    private static void debug(String format, Object... args) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(format, args);
        }
    }

    @Override
    public String toString() {
        return "BindingClientEngine[outstanding=" + live.size() + "]";
    }

    private record StreamKey(TransportAddress local, InetSocketAddress remote) {
    }
}
