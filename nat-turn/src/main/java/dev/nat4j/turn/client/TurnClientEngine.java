package dev.nat4j.turn.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.ConnectionObserver;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.AdditionalAddressFamily;
import dev.nat4j.stun.attribute.AlternateServer;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Data;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.RequestedAddressFamily;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.transaction.ClientTransaction;
import dev.nat4j.stun.transaction.TransactionTable;
import dev.nat4j.turn.ChannelData;
import dev.nat4j.turn.client.TurnRequest.Kind;

/**
 * The client side of one TURN allocation (RFC 8656) as a sans-IO machine: Allocate with the long-term credential
 * dance, Refresh before expiry, permissions and channels kept alive while in use, data wrapped into Send indications
 * or ChannelData and unwrapped from Data indications and ChannelData, and Refresh with LIFETIME 0 on close.
 *
 * <pre>{@code
 * TurnClientEngine turn = new TurnClientEngine(TurnClientConfig.of("alice", "secret"));
 * turn.start(null, server, now);                    // UDP from the driver's default socket
 * // ... feed datagrams and timeouts, drain transmits and events; on TurnEvent.Allocated:
 * turn.send(peer, ByteBuffer.wrap(hello), now);     // permission and channel are handled here
 * turn.close(now);                                  // Refresh LIFETIME 0, then TurnEvent.Closed
 * }</pre>
 *
 * <p>Authentication (RFC 8489 §9.2): the first Allocate goes without credentials; its 401 gives realm and nonce, the
 * credentials supplier is asked, and the key is MD5, or the algorithm chosen from PASSWORD-ALGORITHMS when the nonce
 * cookie announces them (then MESSAGE-INTEGRITY-SHA256 signs requests; USERHASH replaces USERNAME when the cookie
 * offers anonymity). A 438 is retried with the new nonce. Every retry is bounded ({@link TurnClientConfig}) and ends
 * in {@link TurnEvent.Failed}, {@link TurnEvent.PermissionFailed} or {@link TurnEvent.ChannelBindFailed} with a
 * {@link TurnError} that says why.
 *
 * <p>Responses to signed requests must carry a MESSAGE-INTEGRITY(-SHA256) that verifies with the request's key; one
 * that does not is dropped and the transaction keeps retransmitting over UDP (over TCP/TLS it ends as a timeout,
 * RFC 8489 §9.2.5). Only 401 and 438 answers, which carry no secret, are taken unsigned. Datagrams from anyone but
 * the server are dropped, as are Data indications from peers without a permission.
 */
public final class TurnClientEngine implements Engine<TurnEvent>, ConnectionObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TurnClientEngine.class);
    private static final long PERMISSION_LIFETIME = TimeUnit.MINUTES.toNanos(5);
    private static final long CHANNEL_LIFETIME = TimeUnit.MINUTES.toNanos(10);
    private static final long DEFAULT_LIFETIME_SECONDS = 600;
    private static final long REFRESH_RETRY_PAUSE = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_TRANSACTIONS = 2048;
    private static final int REQUEST_BUFFER = 2048;
    /** Bytes of a Send indication besides the data: header, XOR-PEER-ADDRESS (IPv6), DATA header and padding. */
    private static final int SEND_OVERHEAD = 20 + 24 + 4 + 3;

    /** Where the allocation is in its life. */
    public enum State {
        /** {@link #start} not called yet. */
        IDLE,
        /** Allocate outstanding (including 401/438/300 retries). */
        ALLOCATING,
        /** A 300 over TCP/TLS: waiting for the owner to connect to the alternate server and call {@link #start}. */
        REDIRECTING,
        /** Allocated: data may flow. */
        ALLOCATED,
        /** Refresh LIFETIME 0 outstanding. */
        CLOSING,
        /** Deleted after {@link #close}. */
        CLOSED,
        /** Failed or lost; see the {@link TurnEvent.Failed} event. */
        FAILED
    }

    private final TurnClientConfig config;
    private TransactionTable transactions;
    private final AuthState auth = new AuthState();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<TurnEvent> events = new ArrayDeque<>();
    private final StunMessage view = new StunMessage();
    private final ByteBuffer requestBuffer = ByteBuffer.allocate(REQUEST_BUFFER);
    private final StunWriter writer = new StunWriter(requestBuffer);
    private final PeerTable peers = new PeerTable();
    private final Set<InetSocketAddress> visited = new HashSet<>();
    private final ReceivedData received = new ReceivedData();

    private State state = State.IDLE;
    private TransportAddress local;
    private InetSocketAddress server;
    private Transport transport = Transport.UDP;
    private List<InetSocketAddress> relayed = List.of();
    private InetSocketAddress mapped;
    private long lifetimeSeconds;
    private long expiresAt = Long.MAX_VALUE;
    private long refreshAt = Long.MAX_VALUE;
    private boolean refreshInFlight;
    private long housekeepingAt = Long.MAX_VALUE;
    private int redirects;
    private long dropped;
    /** Last time anything was sent to the server, for the UDP keepalive. */
    private long lastSentAt;

    /** An idle engine with {@code config}; nothing is sent before {@link #start}. */
    public TurnClientEngine(TurnClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transactions = new TransactionTable(config.policy(), MAX_TRANSACTIONS);
    }

    // ------------------------------------------------------------------------------------------ commands

    /**
     * Sends the Allocate. Called once in state {@link State#IDLE}, and again in {@link State#REDIRECTING} with a
     * connection to the alternate server.
     *
     * @param localAddress the local address to send from (a TCP/TLS connection's address for those transports), or
     *                     {@code null} for the driver's default UDP socket
     * @param turnServer   the server's address
     * @throws IllegalStateException in any other state, or when redirected elsewhere than {@code turnServer}
     */
    public void start(TransportAddress localAddress, InetSocketAddress turnServer, long now) {
        Objects.requireNonNull(turnServer, "turnServer");
        if (state == State.REDIRECTING) {
            if (!turnServer.equals(server)) {
                throw new IllegalStateException("redirected to " + server + ", not " + turnServer);
            }
        } else if (state != State.IDLE) {
            throw new IllegalStateException("already started: " + state);
        }
        this.local = localAddress;
        this.server = turnServer;
        this.transport = localAddress == null ? Transport.UDP : localAddress.transport();
        visited.add(turnServer);
        state = State.ALLOCATING;
        request(TurnRequest.of(Kind.ALLOCATE, null, null, 0, requestedLifetime()), now);
    }

    /**
     * Sends {@code payload} (its readable bytes, copied; position untouched) to {@code peer} through the relay: as
     * ChannelData when a channel is bound to it, else as a Send indication once a permission for its IP is installed.
     * The first send to a new IP installs the permission (and, with {@link TurnClientConfig#autoBindChannels()},
     * binds a channel); until then up to {@link TurnClientConfig#maxQueuedPerPeer()} datagrams wait.
     *
     * @return false when the datagram was dropped (not allocated, queue full, too many peers, too large)
     */
    public boolean send(InetSocketAddress peer, ByteBuffer payload, long now) {
        if (state != State.ALLOCATED || peer == null || peer.isUnresolved() || payload.remaining() > 0xFFFF) {
            dropped++;
            return false;
        }
        Permission p = peers.permissionFor(peer.getAddress());
        if (p == null) {
            dropped++;
            return false;
        }
        p.lastUsedAt = now;
        Channel c = peers.channel(peer);
        if (c == null && config.autoBindChannels()) {
            c = bind(peer, p, now);
        }
        if (c != null && c.bound) {
            c.lastUsedAt = now;
            transmits.add(new Transmit(local, server, channelData(c, payload)));
            sent(now);
            return true;
        }
        if (!p.installed) {
            if (!p.inFlight && (c == null || !c.inFlight)) {
                requestPermission(p, now);
            }
            if (p.queue.size() >= config.maxQueuedPerPeer()) {
                dropped++;
                return false;
            }
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(0, payload, payload.position(), payload.remaining());
            p.queue.add(new Permission.Queued(peer, copy));
            return true;
        }
        transmits.add(new Transmit(local, server, sendIndication(peer, payload)));
        sent(now);
        return true;
    }

    /**
     * Installs (and keeps refreshing until the engine closes) a permission for {@code peer}, so that it may send to
     * the relayed address before this client sends to it (RFC 8656 §9).
     *
     * @return false when not allocated or too many permissions exist
     */
    public boolean createPermission(InetAddress peer, long now) {
        if (state != State.ALLOCATED) {
            return false;
        }
        Permission p = peers.permissionFor(peer);
        if (p == null) {
            return false;
        }
        p.pinned = true;
        if (!p.inFlight) {
            requestPermission(p, now);
        }
        return true;
    }

    /**
     * Binds a channel to {@code peer} (which also installs a permission for its IP); data switches to ChannelData once
     * {@link TurnEvent.ChannelBound} is reported.
     *
     * @return the channel number (an existing one when already bound or binding), or -1 when not allocated or no
     *         number is free
     */
    public int bindChannel(InetSocketAddress peer, long now) {
        if (state != State.ALLOCATED || peer.isUnresolved()) {
            return -1;
        }
        Channel existing = peers.channel(peer);
        if (existing != null) {
            return existing.number;
        }
        Permission p = peers.permissionFor(peer.getAddress());
        if (p == null) {
            return -1;
        }
        p.lastUsedAt = now;
        Channel c = bind(peer, p, now);
        if (c != null) {
            c.lastUsedAt = now;
        }
        return c == null ? -1 : c.number;
    }

    /**
     * Deletes the allocation: a Refresh with LIFETIME 0 when allocated (then {@link TurnEvent.Closed} when it is
     * answered or times out), or {@link TurnEvent.Closed} at once otherwise. Idempotent.
     */
    public void close(long now) {
        switch (state) {
            case IDLE, ALLOCATING, REDIRECTING -> {
                transactions = new TransactionTable(config.policy(), MAX_TRANSACTIONS);
                closed();
            }
            case ALLOCATED -> {
                transactions = new TransactionTable(config.policy(), MAX_TRANSACTIONS);
                state = State.CLOSING;
                clearTables();
                request(TurnRequest.of(Kind.CLOSE, null, null, 0, 0), now);
            }
            default -> { }
        }
    }

    // ------------------------------------------------------------------------------------------ data path

    /**
     * Wraps {@code payload} into ChannelData for {@code peer} at {@code out}'s position (advancing it), padded on
     * TCP/TLS, when a channel is bound to the peer. Allocates nothing: the per-packet path of an application that
     * sends through its own buffers.
     *
     * @return the bytes written, or -1 when no channel is bound to {@code peer} (use {@link #send})
     * @throws java.nio.BufferOverflowException when {@code out} has too little room
     */
    public int encodeChannelData(InetSocketAddress peer, ByteBuffer payload, ByteBuffer out, long now) {
        Channel c = peers.channel(peer);
        if (c == null || !c.bound || state != State.ALLOCATED) {
            return -1;
        }
        int length = payload.remaining();
        int total = ChannelData.HEADER_LENGTH + (transport.isStream() ? ChannelData.paddedLength(length) : length);
        if (total > out.remaining()) {
            throw new java.nio.BufferOverflowException();
        }
        int at = out.position();
        ChannelData.writeHeader(out, at, c.number, length);
        out.put(at + ChannelData.HEADER_LENGTH, payload, payload.position(), length);
        if (transport.isStream()) {
            ChannelData.writePadding(out, at + ChannelData.HEADER_LENGTH, length);
        }
        out.position(at + total);
        c.lastUsedAt = now;
        c.permission.lastUsedAt = now;
        lastSentAt = now;
        return total;
    }

    /**
     * Decodes a datagram from the server that carries peer data (ChannelData on a known channel, or a Data indication
     * from a permitted peer) into {@code into}, leaving {@code datagram} untouched. ChannelData is decoded without
     * allocating. Does not feed the engine otherwise: control messages still go to {@link #handleDatagram}.
     *
     * @return true when {@code into} now describes a payload
     */
    public boolean decodeData(ByteBuffer datagram, ReceivedData into, long now) {
        if (ChannelData.isChannelData(datagram)) {
            // Stream drivers hand frames over without their padding, so the datagram rule (length within what
            // arrived) fits every transport.
            int length = ChannelData.validLength(datagram, false);
            if (length < 0) {
                return false;
            }
            int number = ChannelData.channelNumber(datagram);
            Channel c = peers.channel(number);
            // A channel still binding counts: the server sends ChannelData once it has bound, maybe before our
            // success response arrives.
            if (c == null) {
                return false;
            }
            c.lastUsedAt = now;
            c.permission.lastUsedAt = now;
            into.set(c.peer, datagram.position() + ChannelData.HEADER_LENGTH, length, number);
            return true;
        }
        if (!view.wrap(datagram) || !view.isIndication() || view.method() != StunMethod.DATA) {
            return false;
        }
        InetSocketAddress peer;
        try {
            XorPeerAddress a = view.get(XorPeerAddress.TYPE);
            if (a == null) {
                return false;
            }
            peer = a.address();
        } catch (StunParseException e) {
            return false;
        }
        Permission p = peers.permission(peer.getAddress());
        int offset = Data.offset(view);
        if (p == null || !p.installed || offset < 0) {
            return false;
        }
        p.lastUsedAt = now;
        into.set(peer, offset, Data.length(view), 0);
        return true;
    }

    // ------------------------------------------------------------------------------------------ Engine

    @Override
    public void handleDatagram(TransportAddress localAddress, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (state == State.IDLE || state == State.CLOSED || state == State.FAILED || !remote.equals(server)) {
            drop("not from the server or not running", remote);
            return;
        }
        if (ChannelData.isChannelData(payload)) {
            if (state == State.ALLOCATED && decodeData(payload, received, now)) {
                emitData(payload);
            } else {
                drop("ChannelData on an unknown channel or malformed", remote);
            }
            return;
        }
        if (!view.wrap(payload)) {
            drop("not STUN", remote);
            return;
        }
        MessageClass c = view.messageClass();
        if (c.isResponse()) {
            handleResponse(now);
        } else if (c == MessageClass.INDICATION && view.method() == StunMethod.DATA) {
            if (state == State.ALLOCATED && decodeData(payload, received, now)) {
                emitData(payload);
            } else {
                drop("Data indication without a permission or malformed", remote);
            }
        } else {
            drop("unexpected STUN message", remote);
        }
    }

    private void emitData(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(received.length());
        copy.put(0, payload, received.offset(), received.length());
        events.add(new TurnEvent.PeerData(received.peer(), copy, received.channel()));
    }

    @Override
    public void handleTimeout(long now) {
        transactions.handleTimeout(now);
        for (ClientTransaction t; (t = transactions.pollTimedOut()) != null; ) {
            if (t.tag() instanceof TurnRequest r) {
                timedOut(r, t, now);
            }
        }
        if (now >= housekeepingAt) {
            housekeeping(now);
        }
    }

    @Override
    public Transmit pollTransmit() {
        Transmit t = transactions.pollTransmit();
        return t != null ? t : transmits.poll();
    }

    @Override
    public long pollTimeout() {
        return Math.min(transactions.pollTimeout(), housekeepingAt);
    }

    @Override
    public TurnEvent pollEvent() {
        return events.poll();
    }

    @Override
    public void handleConnectionClosed(TransportAddress localAddress, InetSocketAddress remote, long now) {
        if (!transport.isStream() || !remote.equals(server) || !localAddress.equals(local)) {
            return;
        }
        if (state == State.CLOSING) {
            closed();
        } else if (state == State.ALLOCATING || state == State.ALLOCATED) {
            fail(new TurnError(TurnError.Reason.CONNECTION_CLOSED, 0, "the " + transport.token()
                    + " connection to " + server + " closed"));
        }
    }

    // ------------------------------------------------------------------------------------------ state

    /** Where the allocation is in its life. */
    public State state() {
        return state;
    }

    /** The relayed addresses (one, or two for a dual allocation); empty until allocated. */
    public List<InetSocketAddress> relayedAddresses() {
        return relayed;
    }

    /** The client's address as the server saw it, or {@code null}. */
    public InetSocketAddress mappedAddress() {
        return mapped;
    }

    /** The server currently talked to (changes after a redirect), or {@code null} before {@link #start}. */
    public InetSocketAddress server() {
        return server;
    }

    /** The lifetime granted by the last Allocate or Refresh, in seconds. */
    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** When the allocation expires unless refreshed (nanoseconds on the caller's clock), or {@code Long.MAX_VALUE}. */
    public long expiresAt() {
        return expiresAt;
    }

    /** When the next Refresh is due, or {@code Long.MAX_VALUE}. */
    public long refreshAt() {
        return refreshInFlight ? Long.MAX_VALUE : refreshAt;
    }

    /** True when a channel is bound (confirmed) to {@code peer}. */
    public boolean isChannelBound(InetSocketAddress peer) {
        Channel c = peers.channel(peer);
        return c != null && c.bound;
    }

    /** True when a permission for {@code peer} is installed. */
    public boolean hasPermission(InetAddress peer) {
        Permission p = peers.permission(peer);
        return p != null && p.installed;
    }

    /** Datagrams dropped so far (from strangers, malformed, unverifiable, over a queue bound). */
    public long dropped() {
        return dropped;
    }

    @Override
    public String toString() {
        return "TurnClientEngine[" + state + " server=" + server + " relayed=" + relayed + "]";
    }

    // ------------------------------------------------------------------------------------------ requests

    private long requestedLifetime() {
        return config.lifetime() == null ? -1 : config.lifetime().toSeconds();
    }

    private void request(TurnRequest r, long now) {
        TransactionId id = TransactionId.random();
        requestBuffer.clear();
        writer.reset(requestBuffer);
        byte[] key = null;
        try {
            switch (r.kind()) {
                case ALLOCATE -> {
                    writer.start(StunMethod.ALLOCATE, MessageClass.REQUEST, id).add(RequestedTransport.udp());
                    if (config.requestedFamily() != 0) {
                        writer.add(new RequestedAddressFamily(config.requestedFamily()));
                    }
                    if (config.additionalIpv6()) {
                        writer.add(AdditionalAddressFamily.ipv6());
                    }
                    if (r.lifetimeSeconds() >= 0) {
                        writer.add(new Lifetime(r.lifetimeSeconds()));
                    }
                }
                case REFRESH, CLOSE -> {
                    writer.start(StunMethod.REFRESH, MessageClass.REQUEST, id);
                    if (r.lifetimeSeconds() >= 0) {
                        writer.add(new Lifetime(r.lifetimeSeconds()));
                    }
                }
                case CREATE_PERMISSION -> writer.start(StunMethod.CREATE_PERMISSION, MessageClass.REQUEST, id)
                        .add(new XorPeerAddress(new InetSocketAddress(r.peerIp(), 0)));
                case CHANNEL_BIND -> writer.start(StunMethod.CHANNEL_BIND, MessageClass.REQUEST, id)
                        .add(new ChannelNumber(r.channel())).add(new XorPeerAddress(r.peer()));
            }
            if (auth.ready()) {
                key = auth.sign(writer);
            }
        } catch (RuntimeException e) {
            failRequest(r, new TurnError(TurnError.Reason.PROTOCOL, 0, "cannot build the request: " + e.getMessage()),
                    now);
            return;
        }
        transactions.start(writer.finish(), local, server, transport, r.signedWith(key), now);
        sent(now);
    }

    private void sent(long now) {
        lastSentAt = now;
    }

    private void handleResponse(long now) {
        ClientTransaction t = transactions.find(view.transactionId());
        if (t == null || !(t.tag() instanceof TurnRequest r)) {
            drop("response to no outstanding request", server);
            return;
        }
        int code = 0;
        String reason = "";
        if (view.isErrorResponse()) {
            try {
                ErrorCode e = view.get(ErrorCode.TYPE);
                if (e == null) {
                    drop("error response without ERROR-CODE", server);
                    return;
                }
                code = e.code();
                reason = e.reason();
            } catch (StunParseException | IllegalArgumentException e) {
                drop("malformed ERROR-CODE", server);
                return;
            }
        }
        boolean verified = r.key() != null && IntegrityCodec.verify(view, r.key());
        boolean unsignedAllowed = r.key() == null || code == ErrorCode.UNAUTHENTICATED || code == ErrorCode.STALE_NONCE;
        if (!verified && !unsignedAllowed) {
            drop("response failed its integrity check", server);
            if (transport.isStream()) {
                // RFC 8489 §9.2.5: over a reliable transport the transaction ends as if it had timed out.
                transactions.cancel(t);
                timedOut(r, t, now);
            }
            return;
        }
        transactions.cancel(t);
        if (code == 0) {
            succeeded(r, now);
        } else {
            failed(r, code, reason, now);
        }
    }

    private void succeeded(TurnRequest r, long now) {
        switch (r.kind()) {
            case ALLOCATE -> allocated(now);
            case REFRESH -> {
                refreshInFlight = false;
                if (state != State.ALLOCATED) {
                    return;
                }
                long granted = lifetimeOf(r.lifetimeSeconds());
                if (granted <= 0) {
                    fail(new TurnError(TurnError.Reason.PROTOCOL, 0, "Refresh granted a zero lifetime"));
                    return;
                }
                schedule(granted, now);
                events.add(new TurnEvent.Refreshed(granted));
            }
            case CLOSE -> closed();
            case CREATE_PERMISSION -> {
                Permission p = peers.permission(r.peerIp());
                if (p != null && state == State.ALLOCATED) {
                    p.inFlight = false;
                    installed(p, now);
                    events.add(new TurnEvent.PermissionInstalled(p.ip));
                    flushQueue(p, now);
                }
            }
            case CHANNEL_BIND -> {
                Channel c = peers.channel(r.peer());
                if (c != null && c.number == r.channel() && state == State.ALLOCATED) {
                    boolean first = !c.bound;
                    c.inFlight = false;
                    c.bound = true;
                    c.boundAt = now;
                    c.refreshAt = now + config.channelRefresh().toNanos();
                    c.expiresAt = now + CHANNEL_LIFETIME;
                    // A ChannelBind installs or refreshes the permission for the peer's IP as well (RFC 8656 §12.2).
                    installed(c.permission, now);
                    if (first) {
                        events.add(new TurnEvent.ChannelBound(c.peer, c.number));
                    }
                    flushQueue(c.permission, now);
                    recompute();
                }
            }
        }
    }

    private void allocated(long now) {
        if (state != State.ALLOCATING) {
            return;
        }
        List<InetSocketAddress> addresses = new ArrayList<>(2);
        InetSocketAddress reflexive;
        long granted;
        try {
            for (int i = 0; i < view.attributeCount(); i++) {
                if (view.attributeType(i) == XorRelayedAddress.CODE) {
                    addresses.add(XorRelayedAddress.TYPE.decode(view, view.valueOffset(i), view.valueLength(i))
                            .address());
                }
            }
            XorMappedAddress m = view.get(XorMappedAddress.TYPE);
            reflexive = m == null ? null : m.address();
            granted = lifetimeOf(DEFAULT_LIFETIME_SECONDS);
        } catch (StunParseException | IllegalArgumentException e) {
            fail(new TurnError(TurnError.Reason.PROTOCOL, 0, "malformed Allocate success: " + e.getMessage()));
            return;
        }
        if (addresses.isEmpty() || granted <= 0) {
            fail(new TurnError(TurnError.Reason.PROTOCOL, 0,
                    "Allocate success without XOR-RELAYED-ADDRESS or with a zero LIFETIME"));
            return;
        }
        relayed = List.copyOf(addresses);
        mapped = reflexive;
        state = State.ALLOCATED;
        schedule(granted, now);
        events.add(new TurnEvent.Allocated(relayed, mapped, granted, server));
    }

    /** The LIFETIME of the response in {@link #view}, or {@code fallback} when absent (negative: none asked). */
    private long lifetimeOf(long fallback) {
        try {
            Lifetime l = view.get(Lifetime.TYPE);
            if (l != null) {
                return l.seconds();
            }
        } catch (StunParseException e) {
            LOG.debug("malformed LIFETIME from {}; assuming the requested one", server);
        }
        return fallback < 0 ? DEFAULT_LIFETIME_SECONDS : fallback;
    }

    private void schedule(long granted, long now) {
        lifetimeSeconds = granted;
        long lifetime = TimeUnit.SECONDS.toNanos(granted);
        expiresAt = now + lifetime;
        long margin = Math.min(config.refreshMargin().toNanos(), lifetime / 2);
        refreshAt = expiresAt - margin;
        recompute();
    }

    private void failed(TurnRequest r, int code, String reason, long now) {
        switch (code) {
            case ErrorCode.UNAUTHENTICATED -> {
                boolean hadCredentials = r.key() != null;
                if (hadCredentials && r.authAttempts() + 1 >= config.maxAuthAttempts()) {
                    failRequest(r, new TurnError(TurnError.Reason.AUTHENTICATION, code,
                            "the server rejected the credentials of user '" + auth.username() + "' in realm '"
                                    + auth.realm() + "' " + (r.authAttempts() + 1) + " time(s)"), now);
                    return;
                }
                String why = auth.learn(view, true, config.credentials());
                if (why != null) {
                    failRequest(r, new TurnError(why.contains("credentials") ? TurnError.Reason.AUTHENTICATION
                            : TurnError.Reason.PROTOCOL, code, "cannot authenticate: " + why), now);
                    return;
                }
                request(r.afterUnauthenticated(hadCredentials), now);
            }
            case ErrorCode.STALE_NONCE -> {
                if (r.staleNonceRetries() >= config.maxStaleNonceRetries()) {
                    failRequest(r, new TurnError(TurnError.Reason.STALE_NONCE_LOOP, code, "438 Stale Nonce "
                            + (r.staleNonceRetries() + 1) + " times in a row"), now);
                    return;
                }
                String why = auth.learn(view, false, config.credentials());
                if (why != null) {
                    failRequest(r, new TurnError(TurnError.Reason.PROTOCOL, code, "cannot use the new nonce: " + why),
                            now);
                    return;
                }
                request(r.afterStaleNonce(), now);
            }
            case ErrorCode.TRY_ALTERNATE -> {
                if (r.kind() == Kind.ALLOCATE) {
                    redirect(now);
                } else {
                    failRequest(r, new TurnError(TurnError.Reason.REJECTED, code, "300 outside Allocate"), now);
                }
            }
            case ErrorCode.ALLOCATION_MISMATCH -> {
                String what = r.kind() == Kind.ALLOCATE
                        ? "an allocation already exists for this 5-tuple; allocate from another local port"
                        : "the server has no allocation for this 5-tuple (expired or deleted)";
                TurnError e = new TurnError(TurnError.Reason.ALLOCATION_MISMATCH, code, what);
                if (r.kind() == Kind.CLOSE) {
                    closed();
                } else {
                    fail(e);
                }
            }
            default -> failRequest(r, new TurnError(TurnError.Reason.REJECTED, code,
                    StunMethod.name(methodOf(r.kind())) + " refused: " + code + (reason.isEmpty() ? "" : " " + reason)),
                    now);
        }
    }

    private static int methodOf(Kind kind) {
        return switch (kind) {
            case ALLOCATE -> StunMethod.ALLOCATE;
            case REFRESH, CLOSE -> StunMethod.REFRESH;
            case CREATE_PERMISSION -> StunMethod.CREATE_PERMISSION;
            case CHANNEL_BIND -> StunMethod.CHANNEL_BIND;
        };
    }

    private void redirect(long now) {
        InetSocketAddress alternate;
        try {
            AlternateServer a = view.get(AlternateServer.TYPE);
            alternate = a == null ? null : a.address();
        } catch (StunParseException e) {
            alternate = null;
        }
        if (alternate == null) {
            fail(new TurnError(TurnError.Reason.REDIRECT, 300, "300 Try Alternate without a usable ALTERNATE-SERVER"));
            return;
        }
        if (redirects >= config.maxRedirects()) {
            fail(new TurnError(TurnError.Reason.REDIRECT, 300, "more than " + config.maxRedirects()
                    + " redirects (last to " + alternate + ")"));
            return;
        }
        if (visited.contains(alternate)) {
            fail(new TurnError(TurnError.Reason.REDIRECT, 300, "redirect loop back to " + alternate));
            return;
        }
        if (!transport.isStream() && local != null
                && (local.ip() instanceof Inet6Address) != (alternate.getAddress() instanceof Inet6Address)) {
            fail(new TurnError(TurnError.Reason.REDIRECT, 300, "alternate server " + alternate
                    + " is of another address family than the local socket " + local));
            return;
        }
        redirects++;
        visited.add(alternate);
        InetSocketAddress from = server;
        server = alternate;
        auth.reset(); // another server, another realm and nonce
        events.add(new TurnEvent.Redirected(from, alternate));
        if (transport.isStream()) {
            state = State.REDIRECTING;
        } else {
            request(TurnRequest.of(Kind.ALLOCATE, null, null, 0, requestedLifetime()), now);
        }
    }

    private void failRequest(TurnRequest r, TurnError e, long now) {
        switch (r.kind()) {
            case ALLOCATE, REFRESH -> fail(e);
            case CLOSE -> closed();
            case CREATE_PERMISSION -> {
                Permission p = peers.permission(r.peerIp());
                if (p != null) {
                    permissionFailed(p, e);
                }
            }
            case CHANNEL_BIND -> {
                Channel c = peers.channel(r.peer());
                if (c != null && c.number == r.channel()) {
                    channelFailed(c, e, now);
                }
            }
        }
    }

    private void timedOut(TurnRequest r, ClientTransaction t, long now) {
        String what = StunMethod.name(methodOf(r.kind())) + " to " + t.destination() + " got no acceptable answer ("
                + t.sends() + " send(s))";
        TurnError e = new TurnError(TurnError.Reason.TIMEOUT, 0, what);
        if (r.kind() == Kind.REFRESH) {
            refreshInFlight = false;
            // Try again while the allocation lives (after a breath, so an instant failure cannot spin); expiry ends it.
            refreshAt = Math.min(now + REFRESH_RETRY_PAUSE, expiresAt);
            recompute();
            LOG.debug("{}; retrying before expiry", what);
            return;
        }
        failRequest(r, e, now);
    }

    // ------------------------------------------------------------------------------------------ permissions

    private void requestPermission(Permission p, long now) {
        p.inFlight = true;
        request(TurnRequest.of(Kind.CREATE_PERMISSION, p.ip, null, 0, 0), now);
        recompute();
    }

    private void installed(Permission p, long now) {
        p.installed = true;
        p.installedAt = now;
        p.refreshAt = now + config.permissionRefresh().toNanos();
        p.expiresAt = now + PERMISSION_LIFETIME;
        recompute();
    }

    private void permissionFailed(Permission p, TurnError e) {
        p.inFlight = false;
        dropped += p.queue.size();
        p.queue.clear();
        if (!p.installed) {
            peers.removePermission(p);
        }
        events.add(new TurnEvent.PermissionFailed(p.ip, e));
        recompute();
    }

    private void flushQueue(Permission p, long now) {
        for (Permission.Queued q; (q = p.queue.poll()) != null; ) {
            Channel c = peers.channel(q.peer());
            if (c != null && c.bound) {
                c.lastUsedAt = now;
                transmits.add(new Transmit(local, server, channelData(c, q.data())));
            } else {
                transmits.add(new Transmit(local, server, sendIndication(q.peer(), q.data())));
            }
            sent(now);
        }
    }

    // ------------------------------------------------------------------------------------------ channels

    private Channel bind(InetSocketAddress peer, Permission p, long now) {
        Channel c = peers.newChannel(peer, p);
        if (c != null) {
            sendChannelBind(c, now);
        }
        return c;
    }

    private void sendChannelBind(Channel c, long now) {
        c.inFlight = true;
        request(TurnRequest.of(Kind.CHANNEL_BIND, c.peer.getAddress(), c.peer, c.number, 0), now);
        recompute();
    }

    private void channelFailed(Channel c, TurnError e, long now) {
        c.inFlight = false;
        peers.removeChannel(c);
        events.add(new TurnEvent.ChannelBindFailed(c.peer, e));
        Permission p = c.permission;
        if (!c.bound && !p.installed && !p.inFlight && peers.isCurrent(p)) {
            // Data was waiting for the bind; fall back to a plain permission and Send indications.
            requestPermission(p, now);
        }
        recompute();
    }

    private ByteBuffer channelData(Channel c, ByteBuffer payload) {
        int length = payload.remaining();
        boolean stream = transport.isStream();
        ByteBuffer out = ByteBuffer.allocate(ChannelData.HEADER_LENGTH
                + (stream ? ChannelData.paddedLength(length) : length));
        ChannelData.writeHeader(out, 0, c.number, length);
        out.put(ChannelData.HEADER_LENGTH, payload, payload.position(), length);
        c.permission.lastUsedAt = Math.max(c.permission.lastUsedAt, c.lastUsedAt);
        return out;
    }

    private ByteBuffer sendIndication(InetSocketAddress peer, ByteBuffer payload) {
        ByteBuffer out = ByteBuffer.allocate(SEND_OVERHEAD + payload.remaining());
        return new StunWriter(out).start(StunMethod.SEND, MessageClass.INDICATION, TransactionId.random())
                .add(new XorPeerAddress(peer))
                .addRaw(Data.CODE, payload)
                .finish();
    }

    // ------------------------------------------------------------------------------------------ timers

    private void housekeeping(long now) {
        if (state == State.ALLOCATED) {
            if (now >= expiresAt) {
                fail(new TurnError(TurnError.Reason.EXPIRED, 0, "the allocation expired without a successful Refresh"));
                return;
            }
            if (!refreshInFlight && now >= refreshAt) {
                refreshInFlight = true;
                request(TurnRequest.of(Kind.REFRESH, null, null, 0, requestedLifetime()), now);
            }
            if (!transport.isStream() && now - lastSentAt >= config.keepaliveInterval().toNanos()) {
                // A Binding indication needs no answer; it only keeps NAT mappings towards the server alive.
                transmits.add(new Transmit(local, server, new StunWriter(ByteBuffer.allocate(28))
                        .start(StunMethod.BINDING, MessageClass.INDICATION, TransactionId.random())
                        .addFingerprint().finish()));
                sent(now);
            }
            for (Channel c : peers.channels()) {
                if (c.bound && now >= c.expiresAt) {
                    peers.removeChannel(c);
                } else if (c.bound && !c.inFlight && now >= c.refreshAt) {
                    if (c.lastUsedAt >= c.boundAt) {
                        sendChannelBind(c, now);
                    } else {
                        c.refreshAt = Long.MAX_VALUE; // idle: let it lapse
                    }
                }
            }
            for (Permission p : peers.permissions()) {
                if (p.installed && now >= p.expiresAt && !p.inFlight) {
                    p.installed = false;
                    p.refreshAt = Long.MAX_VALUE;
                    p.expiresAt = Long.MAX_VALUE;
                    if (!p.pinned) {
                        peers.removePermission(p);
                    }
                } else if (p.installed && !p.inFlight && now >= p.refreshAt) {
                    if (p.pinned || p.lastUsedAt >= p.installedAt) {
                        requestPermission(p, now);
                    } else {
                        p.refreshAt = Long.MAX_VALUE; // idle: let it lapse
                    }
                }
            }
        }
        recompute();
    }

    private void recompute() {
        long next = Long.MAX_VALUE;
        if (state == State.ALLOCATED) {
            next = expiresAt;
            if (!transport.isStream()) {
                next = Math.min(next, lastSentAt + config.keepaliveInterval().toNanos());
            }
            if (!refreshInFlight) {
                next = Math.min(next, refreshAt);
            }
            for (Channel c : peers.channelView()) {
                if (c.bound) {
                    next = Math.min(next, c.expiresAt);
                    if (!c.inFlight) {
                        next = Math.min(next, c.refreshAt);
                    }
                }
            }
            for (Permission p : peers.permissionView()) {
                // While a CreatePermission is outstanding its answer or timeout decides; a due expiry would spin.
                if (p.installed && !p.inFlight) {
                    next = Math.min(next, Math.min(p.expiresAt, p.refreshAt));
                }
            }
        }
        housekeepingAt = next;
    }

    // ------------------------------------------------------------------------------------------ endings

    private void fail(TurnError e) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        LOG.debug("TURN allocation at {} failed: {}", server, e);
        state = State.FAILED;
        transactions = new TransactionTable(config.policy(), MAX_TRANSACTIONS);
        clearTables();
        events.add(new TurnEvent.Failed(e));
    }

    private void closed() {
        if (state == State.CLOSED || state == State.FAILED) {
            return;
        }
        state = State.CLOSED;
        transactions = new TransactionTable(config.policy(), MAX_TRANSACTIONS);
        clearTables();
        events.add(new TurnEvent.Closed());
    }

    private void clearTables() {
        peers.clear();
        refreshInFlight = false;
        expiresAt = Long.MAX_VALUE;
        refreshAt = Long.MAX_VALUE;
        housekeepingAt = Long.MAX_VALUE;
    }

    private void drop(String why, InetSocketAddress from) {
        dropped++;
        if (LOG.isDebugEnabled()) {
            LOG.debug("dropped a datagram from {}: {}", from, why);
        }
    }
}
