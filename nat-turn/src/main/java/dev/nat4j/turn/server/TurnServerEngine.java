package dev.nat4j.turn.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.ConnectionObserver;
import dev.nat4j.stun.AttributeRegistry;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.AdditionalAddressFamily;
import dev.nat4j.stun.attribute.AddressErrorCode;
import dev.nat4j.stun.attribute.AlternateServer;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Data;
import dev.nat4j.stun.attribute.DontFragment;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.EvenPort;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.RequestedAddressFamily;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.ReservationToken;
import dev.nat4j.stun.attribute.UnknownAttributes;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.server.StunServerConfig;
import dev.nat4j.stun.server.StunServerEngine;
import dev.nat4j.turn.ChannelData;
import dev.nat4j.turn.spi.RelaySocketAllocator;

/**
 * The TURN server (RFC 8656, UDP relays) as a sans-IO engine: control plane (Allocate, Refresh, CreatePermission,
 * ChannelBind, long-term authentication with stateless nonces, quotas, peer filter) and data plane (Send/Data
 * indications, ChannelData) in one single-threaded machine. STUN Binding requests on the same ports are answered too.
 *
 * <p>Relayed addresses come from a {@link RelaySocketAllocator}; datagrams arriving on them must be fed to
 * {@link #handleDatagram} with the relayed address as {@code local}. Relaying ChannelData in either direction allocates
 * nothing: lookups are primitive-hashed, and each allocation and channel keeps a reusable {@link Transmit} over the
 * engine's relay buffer.
 *
 * <pre>{@code
 * TurnServerEngine engine = new TurnServerEngine(config, relays);
 * engine.handleDatagram(local, client, datagram, now);
 * for (Transmit t; (t = engine.pollTransmit()) != null; ) send(t);
 * }</pre>
 *
 * <p>Not thread-safe. Bad input never throws: it is answered per RFC 8656 / RFC 8489 or dropped and counted.
 */
public final class TurnServerEngine implements Engine<TurnServerEvent>, ConnectionObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TurnServerEngine.class);
    private static final long SWEEP_NANOS = 1_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** DONT-FRAGMENT is not supported (the JDK cannot set DF per datagram), so an Allocate with it gets 420. */
    private static final IntPredicate UNDERSTOOD = code -> code != DontFragment.CODE && AttributeRegistry.isKnown(code);

    private final TurnServerConfig config;
    private final RelaySocketAllocator relays;
    private final PeerFilter filter;
    private final Authenticator authenticator;
    private final ErrorReplyLimiter limiter;
    private final ResponseCache cache = new ResponseCache(4096);
    private final StunServerEngine binding = new StunServerEngine(StunServerConfig.defaults());
    private final long defaultLifetime;
    private final long maxLifetime;
    private final long permissionLifetime;
    private final long channelLifetime;
    /** Highest first byte of ChannelData, and highest channel number a ChannelBind may use. */
    private final int maxChannelFirstByte;
    private final int maxChannel;
    private final long bytesPerSecond;

    private final StunMessage request = new StunMessage();
    private final ByteBuffer out = ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE);
    private final StunWriter writer = new StunWriter(out);
    /** Relayed data is built here; every cached Transmit points at it. */
    private final ByteBuffer relayBuffer = ByteBuffer.allocate(0x10000 + 128);
    private final StunWriter relayWriter = new StunWriter(relayBuffer);
    private final byte[] indicationId = new byte[TransactionId.LENGTH];

    private final ProbeTable<Allocation> byTuple = new ProbeTable<>(64);
    private final ProbeTable<Allocation> byRelay = new ProbeTable<>(64);
    /**
     * Relayed addresses given back. The NIO glue closes their sockets, but datagrams already read in the same loop
     * round, or an allocator that keeps sockets bound (a test or simulator one may), can still deliver there: that is
     * stray peer traffic and must never be taken for a client's request.
     */
    private final ProbeTable<TransportAddress> retiredRelays = new ProbeTable<>(16);
    private final Map<String, Integer> perUser = new HashMap<>();
    private final Map<InetAddress, Integer> perIp = new HashMap<>();
    private final ArrayDeque<TurnServerEvent> events = new ArrayDeque<>();
    private Transmit pending;
    private boolean draining;
    private long nextSweep = NO_TIMEOUT;

    private long allocationsTotal;
    private long packetsToPeers;
    private long bytesToPeers;
    private long packetsToClients;
    private long bytesToClients;
    private long authFailures;
    private long errorResponses;
    private long rateLimited;
    private long dropped;
    private long deniedPeers;
    private long internalErrors;
    private long overLimit;

    /** An engine with {@code config}, taking relayed addresses from {@code relays}. */
    public TurnServerEngine(TurnServerConfig config, RelaySocketAllocator relays) {
        this.config = Objects.requireNonNull(config, "config");
        this.relays = Objects.requireNonNull(relays, "relays");
        this.filter = config.peerFilter();
        byte[] secret = config.nonceSecret();
        this.authenticator = new Authenticator(config, new StatelessNonce(
                secret != null ? secret : StatelessNonce.randomSecret(), config.nonceLifetime().toNanos()));
        this.limiter = new ErrorReplyLimiter(config.unauthenticatedRepliesPerSecond());
        this.defaultLifetime = config.defaultLifetime().toSeconds();
        this.maxLifetime = config.maxLifetime().toSeconds();
        this.permissionLifetime = config.permissionLifetime().toNanos();
        this.channelLifetime = config.channelLifetime().toNanos();
        this.maxChannel = config.legacyChannelNumbers() ? 0x7FFF : ChannelData.MAX_CHANNEL;
        this.maxChannelFirstByte = maxChannel >>> 8;
        this.bytesPerSecond = config.maxBytesPerSecond();
        new java.security.SecureRandom().nextBytes(indicationId);
    }

    /** The configuration. */
    public TurnServerConfig config() {
        return config;
    }

    /** A snapshot of the counters. */
    public TurnServerStats stats() {
        return new TurnServerStats(byTuple.size(), allocationsTotal, packetsToPeers, bytesToPeers, packetsToClients,
                bytesToClients, authFailures, errorResponses, rateLimited, dropped, deniedPeers, overLimit);
    }

    /** Live allocations. */
    public int allocationCount() {
        return byTuple.size();
    }

    /** Permissions and channels held by the allocation on this 5-tuple, or {-1, -1} when there is none (tests). */
    int[] tableSizes(TransportAddress local, InetSocketAddress client) {
        Allocation a = findByTuple(local, client.getAddress(), client.getPort());
        return a == null ? new int[] {-1, -1} : new int[] {a.permissions.size(), a.channelsByNumber.size()};
    }

    /** Runtime exceptions caught at the top of handleDatagram: always 0 unless there is a defect (tests). */
    long internalErrors() {
        return internalErrors;
    }

    /** Entries in the retransmission cache (tests). */
    int cachedResponses() {
        return cache.size();
    }

    // ------------------------------------------------------------------------------------------ Engine

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        pending = null;
        try {
            dispatch(local, remote, payload, now);
        } catch (RuntimeException e) {
            // A defect must not take the I/O loop down; the datagram is lost, the server keeps serving.
            pending = null;
            dropped++;
            internalErrors++;
            LOG.debug("internal error on a datagram from {}; dropped", remote, e);
        }
    }

    @Override
    public void handleTimeout(long now) {
        for (Object o : byTuple.snapshot()) {
            Allocation a = (Allocation) o;
            if (now - a.expiresAt >= 0) {
                delete(a, TurnServerEvent.Reason.EXPIRED);
            } else {
                a.sweep(now);
            }
        }
        cache.sweep(now);
        nextSweep = byTuple.size() > 0 || cache.size() > 0 ? now + SWEEP_NANOS : NO_TIMEOUT;
    }

    @Override
    public Transmit pollTransmit() {
        Transmit t = pending;
        pending = null;
        return t;
    }

    @Override
    public long pollTimeout() {
        return nextSweep;
    }

    @Override
    public TurnServerEvent pollEvent() {
        return events.poll();
    }

    /** RFC 8656 §3.1: an allocation made over TCP/TLS lives only as long as its control connection. */
    @Override
    public void handleConnectionClosed(TransportAddress local, InetSocketAddress remote, long now) {
        if (remote == null || remote.getAddress() == null) {
            return;
        }
        Allocation a = findByTuple(local, remote.getAddress(), remote.getPort());
        if (a != null) {
            delete(a, TurnServerEvent.Reason.CONNECTION_CLOSED);
        }
    }

    /**
     * Starts a graceful shutdown: from now on new allocations get 508 (Insufficient Capacity) while the live ones go
     * on being served, refreshed and deleted.
     */
    public void stopAccepting() {
        draining = true;
    }

    /** Deletes every allocation and gives back its relayed address (server shutdown). */
    public void closeAll() {
        for (Object o : byTuple.snapshot()) {
            delete((Allocation) o, TurnServerEvent.Reason.SERVER_CLOSED);
        }
    }

    // ------------------------------------------------------------------------------------------ dispatch

    private void dispatch(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (remote == null || remote.isUnresolved()) {
            dropped++;
            return;
        }
        Allocation relayed = findByRelay(local);
        if (relayed != null) {
            fromPeer(relayed, remote, payload, now);
            return;
        }
        if (isRetiredRelay(local)) {
            dropped++;
            return;
        }
        if (payload.remaining() < ChannelData.HEADER_LENGTH) {
            dropped++;
            return;
        }
        int first = payload.get(payload.position()) & 0xFF;
        if (first >= 0x40 && first <= maxChannelFirstByte) {
            fromClientChannel(local, remote, payload, now);
            return;
        }
        if (first > 3 || !request.wrap(payload)) {
            dropped++;
            return;
        }
        handleStun(local, remote, payload, now);
    }

    // ------------------------------------------------------------------------------------------ data plane

    /** A datagram from a peer to a relayed address: ChannelData when a channel is bound, else a Data indication. */
    private void fromPeer(Allocation a, InetSocketAddress remote, ByteBuffer payload, long now) {
        InetAddress ip = remote.getAddress();
        int port = remote.getPort();
        Allocation.Permission p;
        if (now - a.expiresAt >= 0 || (p = a.permission(ip)) == null || now - p.expiresAt >= 0) {
            dropped++; // RFC 8656 §10.3/§11.5: no permission, no delivery
            return;
        }
        int length = payload.remaining();
        if (bytesPerSecond > 0 && overLimit(a, a.toClientRate, length, now)) {
            return;
        }
        Allocation.Channel c = a.channel(ip, port);
        if (c != null && now - c.expiresAt < 0) {
            if (length > 0xFFFF) {
                dropped++;
                return;
            }
            ByteBuffer b = relayBuffer;
            b.clear();
            b.put(ChannelData.HEADER_LENGTH, payload, payload.position(), length);
            ChannelData.writeHeader(b, 0, c.number, length);
            int total = ChannelData.HEADER_LENGTH + length;
            if (a.clientLocal.transport().isStream()) {
                total += ChannelData.writePadding(b, ChannelData.HEADER_LENGTH, length);
            }
            b.limit(total);
            pending = a.toClient;
        } else {
            if (length > 0xFFFF - 64) {
                dropped++; // would not fit a STUN message's 16-bit length with its header attributes
                return;
            }
            nextIndicationId();
            relayBuffer.clear();
            relayWriter.reset(relayBuffer)
                    .start(StunMethod.DATA, MessageClass.INDICATION, TransactionId.of(indicationId))
                    .add(new XorPeerAddress(remote))
                    .addRaw(Data.CODE, payload);
            relayWriter.finish();
            pending = new Transmit(a.clientLocal, a.client, relayBuffer);
        }
        a.packetsToClient++;
        a.bytesToClient += length;
        packetsToClients++;
        bytesToClients += length;
    }

    /** ChannelData from a client: to the peer bound to the channel. */
    private void fromClientChannel(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        Allocation a = findByTuple(local, remote.getAddress(), remote.getPort());
        int length;
        Allocation.Channel c;
        if (a == null || now - a.expiresAt >= 0
                || (length = channelDataLength(payload, local.transport().isStream())) < 0
                || (c = a.channel(ChannelData.channelNumber(payload))) == null || now - c.expiresAt >= 0) {
            dropped++; // SECURITY-NOTES B11/E2: unbound channel, bad length, no allocation
            return;
        }
        if (bytesPerSecond > 0 && overLimit(a, a.toPeerRate, length, now)) {
            return;
        }
        ByteBuffer b = relayBuffer;
        b.clear();
        b.put(0, payload, payload.position() + ChannelData.HEADER_LENGTH, length);
        b.limit(length);
        pending = c.toPeer;
        a.packetsToPeer++;
        a.bytesToPeer += length;
        packetsToPeers++;
        bytesToPeers += length;
    }

    /**
     * The data length of ChannelData, or -1 when the length field and the bytes disagree (RFC 8656 §12.5). On a stream
     * the frame comes with or without its padding (the NIO driver's framer strips it); over UDP trailing bytes are
     * allowed and ignored.
     */
    private static int channelDataLength(ByteBuffer payload, boolean stream) {
        int length = ChannelData.dataLength(payload);
        int available = payload.remaining() - ChannelData.HEADER_LENGTH;
        if (stream) {
            return length == available || ChannelData.paddedLength(length) == available ? length : -1;
        }
        return length <= available ? length : -1;
    }

    /** A Send indication: its DATA to its XOR-PEER-ADDRESS, if permitted; anything wrong is dropped silently. */
    private void handleSend(TransportAddress local, InetSocketAddress remote, long now) {
        Allocation a = findByTuple(local, remote.getAddress(), remote.getPort());
        if (a == null || now - a.expiresAt >= 0) {
            dropped++;
            return;
        }
        int dataIndex = request.indexOf(Data.CODE);
        InetSocketAddress peer = firstPeer();
        if (dataIndex < 0 || peer == null || (peer.getAddress() instanceof Inet6Address) != a.isIpv6()) {
            dropped++;
            return;
        }
        if (!filter.isAllowed(peer.getAddress()) || isRelayAddress(peer)) {
            deniedPeers++;
            dropped++;
            return;
        }
        Allocation.Permission p = a.permission(peer.getAddress());
        if (p == null || now - p.expiresAt >= 0) {
            dropped++;
            return;
        }
        int length = request.valueLength(dataIndex);
        if (bytesPerSecond > 0 && overLimit(a, a.toPeerRate, length, now)) {
            return;
        }
        relayBuffer.clear();
        relayBuffer.put(0, request.buffer(), request.valueOffset(dataIndex), length);
        relayBuffer.limit(length);
        pending = new Transmit(a.relay, peer, relayBuffer);
        a.packetsToPeer++;
        a.bytesToPeer += length;
        packetsToPeers++;
        bytesToPeers += length;
    }

    /** SECURITY-NOTES D5: an allocation over its byte rate loses its excess, and nobody else is affected. */
    private boolean overLimit(Allocation a, ByteRate rate, int bytes, long now) {
        if (rate.admit(bytesPerSecond, bytes, now)) {
            return false;
        }
        a.overLimit++;
        overLimit++;
        dropped++;
        return true;
    }

    private void nextIndicationId() {
        for (int i = indicationId.length - 1; i >= 0; i--) {
            if (++indicationId[i] != 0) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ control plane

    private void handleStun(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        MessageClass messageClass = request.messageClass();
        if (messageClass.isResponse()) {
            dropped++;
            return;
        }
        if (request.fingerprintIndex() >= 0 && !IntegrityCodec.verifyFingerprint(request)) {
            dropped++;
            return;
        }
        if (remote.getPort() == 0 || remote.getAddress().isAnyLocalAddress()) {
            dropped++;
            return;
        }
        int method = request.method();
        if (messageClass == MessageClass.INDICATION) {
            if (method == StunMethod.SEND) {
                handleSend(local, remote, now);
            } else {
                dropped++; // SECURITY-NOTES B13: Data indication from a client, unknown indications
            }
            return;
        }
        if (method == StunMethod.BINDING) {
            binding.handleDatagram(local, remote, payload, now);
            pending = binding.pollTransmit();
            return;
        }
        TransactionId id = request.transactionId();
        byte[] cached = cache.get(local, remote, id, now);
        if (cached != null) {
            pending = new Transmit(local, remote, ByteBuffer.wrap(cached));
            return;
        }
        if (method != StunMethod.ALLOCATE && method != StunMethod.REFRESH && method != StunMethod.CREATE_PERMISSION
                && method != StunMethod.CHANNEL_BIND) {
            unauthenticatedError(local, remote, now, ErrorCode.BAD_REQUEST);
            return;
        }
        if (request.firstUnknownComprehensionRequired(UNDERSTOOD) >= 0) {
            if (limiter.tryAcquire(remote.getAddress(), now)) {
                begin(MessageClass.ERROR_RESPONSE);
                writer.add(ErrorCode.of(ErrorCode.UNKNOWN_ATTRIBUTE))
                        .add(new UnknownAttributes(request.unknownComprehensionRequired(UNDERSTOOD)));
                finishPlain(local, remote);
            } else {
                rateLimited++;
            }
            return;
        }
        Authenticator.Auth auth = authenticate(local, remote, now);
        if (auth == null) {
            return;
        }
        try {
            switch (method) {
                case StunMethod.ALLOCATE -> allocate(local, remote, auth, now);
                case StunMethod.REFRESH -> refresh(local, remote, auth, now);
                case StunMethod.CREATE_PERMISSION -> createPermission(local, remote, auth, now);
                default -> channelBind(local, remote, auth, now);
            }
        } catch (StunParseException e) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST); // SECURITY-NOTES B3: malformed attribute value
        }
    }

    /** Authenticates the request, or answers the refusal (rate-limited) and returns null. */
    private Authenticator.Auth authenticate(TransportAddress local, InetSocketAddress remote, long now) {
        Authenticator.Auth auth = authenticator.check(request, remote, now);
        if (auth == null) {
            Authenticator.Refusal r = authenticator.refusal();
            if (r.challenge()) {
                if (request.integrityIndex() >= 0 || request.integritySha256Index() >= 0) {
                    authFailures++;
                }
                challenge(local, remote, now, r.code());
            } else {
                unauthenticatedError(local, remote, now, r.code());
            }
        }
        return auth;
    }

    private void allocate(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now) {
        Allocation existing = findByTuple(local, remote.getAddress(), remote.getPort());
        if (existing != null && now - existing.expiresAt >= 0) {
            delete(existing, TurnServerEvent.Reason.EXPIRED); // not swept yet: the 5-tuple is free again
            existing = null;
        }
        if (existing != null) {
            error(local, remote, auth, now, ErrorCode.ALLOCATION_MISMATCH); // E1
            return;
        }
        if (draining) {
            error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY); // shutting down
            return;
        }
        if (config.alternateServer() != null) {
            begin(MessageClass.ERROR_RESPONSE);
            writer.add(ErrorCode.of(ErrorCode.TRY_ALTERNATE)).add(new AlternateServer(config.alternateServer()));
            finishAuthenticated(local, remote, auth, now);
            errorResponses++;
            return;
        }
        int transportIndex = request.indexOf(RequestedTransport.CODE);
        if (transportIndex < 0) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST); // E5
            return;
        }
        if (request.get(RequestedTransport.TYPE).protocol() != RequestedTransport.UDP) {
            error(local, remote, auth, now, ErrorCode.UNSUPPORTED_TRANSPORT_PROTOCOL);
            return;
        }
        boolean evenPort = request.has(EvenPort.CODE);
        boolean token = request.has(ReservationToken.CODE);
        int familyIndex = request.indexOf(RequestedAddressFamily.CODE);
        boolean additional = request.has(AdditionalAddressFamily.CODE);
        if ((evenPort && token) || (token && familyIndex >= 0) || (familyIndex >= 0 && additional)) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST); // E6, RFC 8656 §7.2
            return;
        }
        if (token) {
            error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY); // no reservation is ever made here
            return;
        }
        if (evenPort && request.get(EvenPort.TYPE).reserveNext()) {
            error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY); // port pairs are not reserved
            return;
        }
        boolean ipv6 = false;
        if (familyIndex >= 0) {
            if (request.valueLength(familyIndex) != 4) {
                error(local, remote, auth, now, ErrorCode.BAD_REQUEST);
                return;
            }
            int family = request.buffer().get(request.valueOffset(familyIndex)) & 0xFF;
            if (family != RequestedAddressFamily.IPV4 && family != RequestedAddressFamily.IPV6) {
                error(local, remote, auth, now, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED); // E7
                return;
            }
            ipv6 = family == RequestedAddressFamily.IPV6;
        }
        if (additional) {
            int i = request.indexOf(AdditionalAddressFamily.CODE);
            int family = request.valueLength(i) == 4 ? request.buffer().get(request.valueOffset(i)) & 0xFF : -1;
            if (family != AdditionalAddressFamily.IPV6) {
                error(local, remote, auth, now, ErrorCode.BAD_REQUEST); // RFC 8656 §7.2: only IPv6 may be added
                return;
            }
        }
        if (!relays.supports(ipv6)) {
            error(local, remote, auth, now, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
            return;
        }
        long lifetime = grantedLifetime();
        if (lifetime == 0) {
            lifetime = defaultLifetime;
        }
        if (perUser.getOrDefault(auth.username(), 0) >= config.maxAllocationsPerUser()
                || perIp.getOrDefault(remote.getAddress(), 0) >= config.maxAllocationsPerClientIp()) {
            error(local, remote, auth, now, ErrorCode.ALLOCATION_QUOTA_REACHED); // D3
            return;
        }
        if (byTuple.size() >= config.maxAllocations()) {
            error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY);
            return;
        }
        TransportAddress relay = relays.allocate(ipv6, evenPort);
        if (relay == null) {
            error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY); // port range exhausted
            return;
        }
        unretire(relay);
        InetSocketAddress advertised = new InetSocketAddress(
                config.externalIp() != null && (config.externalIp() instanceof Inet6Address) == relay.isIpv6()
                        ? config.externalIp() : relay.ip(), relay.port());
        Allocation a = new Allocation(local, remote, relay, advertised, auth.username(), auth.key(),
                auth.passwordAlgorithm(), now, now + lifetime * NANOS_PER_SECOND, relayBuffer, bytesPerSecond);
        byTuple.add(Allocation.tupleHash(local, remote.getAddress(), remote.getPort()), a);
        byRelay.add(Allocation.addressHash(relay.ip(), relay.port()), a);
        perUser.merge(auth.username(), 1, Integer::sum);
        perIp.merge(remote.getAddress(), 1, Integer::sum);
        allocationsTotal++;
        if (nextSweep == NO_TIMEOUT) {
            nextSweep = now + SWEEP_NANOS;
        }
        events.add(new TurnServerEvent.AllocationCreated(local, remote, auth.username(), relay, lifetime));
        begin(MessageClass.SUCCESS_RESPONSE);
        writer.add(new XorRelayedAddress(advertised));
        if (additional) {
            // one relayed address per allocation here: the IPv4 one is granted, the additional IPv6 one is not
            writer.add(new AddressErrorCode(AdditionalAddressFamily.IPV6, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED, ""));
        }
        writer.add(new Lifetime(lifetime))
                .add(new XorMappedAddress(remote));
        finishAuthenticated(local, remote, auth, now);
    }

    /** The lifetime to grant (RFC 8656 §7.2 / §7.3): 0 when asked for 0, else clamped to [default, max]. */
    private long grantedLifetime() {
        int i = request.indexOf(Lifetime.CODE);
        if (i < 0) {
            return defaultLifetime;
        }
        if (request.valueLength(i) != 4) {
            throw new StunParseException("LIFETIME length");
        }
        long asked = Integer.toUnsignedLong(request.buffer().getInt(request.valueOffset(i)));
        if (asked == 0) {
            return 0;
        }
        return Math.max(defaultLifetime, Math.min(asked, maxLifetime));
    }

    private void refresh(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now) {
        Allocation a = ownedAllocation(local, remote, auth, now);
        if (a == null) {
            return;
        }
        int familyIndex = request.indexOf(RequestedAddressFamily.CODE);
        if (familyIndex >= 0) {
            int family = request.valueLength(familyIndex) == 4
                    ? request.buffer().get(request.valueOffset(familyIndex)) & 0xFF : -1;
            if (family != (a.isIpv6() ? RequestedAddressFamily.IPV6 : RequestedAddressFamily.IPV4)) {
                error(local, remote, auth, now, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
                return;
            }
        }
        long lifetime = grantedLifetime();
        if (lifetime == 0) {
            delete(a, TurnServerEvent.Reason.DELETED_BY_CLIENT);
        } else {
            a.expiresAt = now + lifetime * NANOS_PER_SECOND;
            events.add(new TurnServerEvent.AllocationRefreshed(remote, a.relay, lifetime));
        }
        begin(MessageClass.SUCCESS_RESPONSE);
        writer.add(new Lifetime(lifetime));
        finishAuthenticated(local, remote, auth, now);
    }

    private void createPermission(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now) {
        Allocation a = ownedAllocation(local, remote, auth, now);
        if (a == null) {
            return;
        }
        List<InetAddress> peers = new ArrayList<>(2);
        int count = request.attributeCount();
        for (int i = 0; i < count; i++) {
            if (request.attributeType(i) == XorPeerAddress.CODE) {
                InetAddress ip = XorPeerAddress.TYPE.decode(request, request.valueOffset(i), request.valueLength(i))
                        .address().getAddress();
                if (!peers.contains(ip)) {
                    peers.add(ip);
                }
            }
        }
        if (peers.isEmpty()) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST);
            return;
        }
        int fresh = 0;
        for (InetAddress ip : peers) {
            if ((ip instanceof Inet6Address) != a.isIpv6()) {
                error(local, remote, auth, now, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
                return;
            }
            if (!filter.isAllowed(ip)) {
                deniedPeers++;
                error(local, remote, auth, now, ErrorCode.FORBIDDEN);
                return;
            }
            if (a.permission(ip) == null) {
                fresh++;
            }
        }
        if (a.permissions.size() + fresh > config.maxPermissionsPerAllocation()) {
            a.sweep(now); // expired entries do not count against the cap
            if (a.permissions.size() + fresh > config.maxPermissionsPerAllocation()) {
                error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY); // D4
                return;
            }
        }
        for (InetAddress ip : peers) {
            permit(a, ip, now);
        }
        begin(MessageClass.SUCCESS_RESPONSE);
        finishAuthenticated(local, remote, auth, now);
    }

    private void permit(Allocation a, InetAddress ip, long now) {
        Allocation.Permission p = a.permission(ip);
        if (p == null) {
            a.addPermission(new Allocation.Permission(ip, now + permissionLifetime));
        } else {
            p.expiresAt = now + permissionLifetime;
        }
    }

    private void channelBind(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now) {
        Allocation a = ownedAllocation(local, remote, auth, now);
        if (a == null) {
            return;
        }
        int numberIndex = request.indexOf(ChannelNumber.CODE);
        InetSocketAddress peer = firstPeer();
        if (numberIndex < 0 || peer == null || request.valueLength(numberIndex) != 4) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST);
            return;
        }
        int number = request.buffer().getShort(request.valueOffset(numberIndex)) & 0xFFFF;
        if (number < ChannelData.MIN_CHANNEL || number > maxChannel) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST); // B11
            return;
        }
        InetAddress ip = peer.getAddress();
        if ((ip instanceof Inet6Address) != a.isIpv6()) {
            error(local, remote, auth, now, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
            return;
        }
        if (!filter.isAllowed(ip) || isRelayAddress(peer)) {
            deniedPeers++;
            error(local, remote, auth, now, ErrorCode.FORBIDDEN);
            return;
        }
        Allocation.Channel byNumber = a.channel(number);
        Allocation.Channel byPeer = a.channel(ip, peer.getPort());
        if (byNumber != byPeer) {
            error(local, remote, auth, now, ErrorCode.BAD_REQUEST); // E8: bound to another peer / number
            return;
        }
        boolean freshPermission = a.permission(ip) == null;
        if (byNumber == null) {
            if (a.channelsByNumber.size() >= config.maxChannelsPerAllocation()
                    || (freshPermission && a.permissions.size() >= config.maxPermissionsPerAllocation())) {
                a.sweep(now);
                if (a.channelsByNumber.size() >= config.maxChannelsPerAllocation()
                        || (freshPermission && a.permissions.size() >= config.maxPermissionsPerAllocation())) {
                    error(local, remote, auth, now, ErrorCode.INSUFFICIENT_CAPACITY);
                    return;
                }
            }
            a.addChannel(new Allocation.Channel(number, peer, now + channelLifetime, a.relay, relayBuffer));
        } else {
            byNumber.expiresAt = now + channelLifetime;
        }
        permit(a, ip, now);
        begin(MessageClass.SUCCESS_RESPONSE);
        finishAuthenticated(local, remote, auth, now);
    }

    /** The live allocation on this 5-tuple owned by the authenticated user; otherwise answers 437 / 441. */
    private Allocation ownedAllocation(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now) {
        Allocation a = findByTuple(local, remote.getAddress(), remote.getPort());
        if (a != null && now - a.expiresAt >= 0) {
            delete(a, TurnServerEvent.Reason.EXPIRED);
            a = null;
        }
        if (a == null) {
            error(local, remote, auth, now, ErrorCode.ALLOCATION_MISMATCH); // E2, C7
            return null;
        }
        if (!a.username.equals(auth.username())) {
            error(local, remote, auth, now, ErrorCode.WRONG_CREDENTIALS); // C7
            return null;
        }
        return a;
    }

    /** The first XOR-PEER-ADDRESS (duplicates are ignored, SECURITY-NOTES B7), or null when absent. */
    private InetSocketAddress firstPeer() {
        int i = request.indexOf(XorPeerAddress.CODE);
        if (i < 0) {
            return null;
        }
        try {
            return XorPeerAddress.TYPE.decode(request, request.valueOffset(i), request.valueLength(i)).address();
        } catch (StunParseException e) {
            return null;
        }
    }

    private boolean isRelayAddress(InetSocketAddress peer) {
        InetAddress ip = peer.getAddress();
        int port = peer.getPort();
        int h = Allocation.addressHash(ip, port);
        for (int s = byRelay.start(h); byRelay.valueAt(s) != null; s = byRelay.next(s)) {
            Allocation a = byRelay.valueAt(s);
            if (byRelay.hashAt(s) == h && a.relay.port() == port && a.relay.ip().equals(ip)) {
                return true;
            }
            if (a.advertisedRelay.getPort() == port && a.advertisedRelay.getAddress().equals(ip)) {
                return true;
            }
        }
        return false;
    }

    private void delete(Allocation a, TurnServerEvent.Reason reason) {
        if (!byTuple.remove(Allocation.tupleHash(a.clientLocal, a.client.getAddress(), a.client.getPort()), a)) {
            return;
        }
        byRelay.remove(Allocation.addressHash(a.relay.ip(), a.relay.port()), a);
        perUser.computeIfPresent(a.username, (k, v) -> v > 1 ? v - 1 : null);
        perIp.computeIfPresent(a.client.getAddress(), (k, v) -> v > 1 ? v - 1 : null);
        if (!isRetiredRelay(a.relay)) {
            retiredRelays.add(Allocation.addressHash(a.relay.ip(), a.relay.port()), a.relay);
        }
        try {
            relays.release(a.relay);
        } catch (RuntimeException e) {
            LOG.warn("releasing relay {} failed", a.relay, e);
        }
        events.add(new TurnServerEvent.AllocationDeleted(a.client, a.username, a.relay, reason, a.packetsToPeer,
                a.bytesToPeer, a.packetsToClient, a.bytesToClient));
    }

    private Allocation findByTuple(TransportAddress local, InetAddress ip, int port) {
        int h = Allocation.tupleHash(local, ip, port);
        for (int s = byTuple.start(h); byTuple.valueAt(s) != null; s = byTuple.next(s)) {
            Allocation a = byTuple.valueAt(s);
            if (byTuple.hashAt(s) == h && a.isClient(local, ip, port)) {
                return a;
            }
        }
        return null;
    }

    private void unretire(TransportAddress relay) {
        int h = Allocation.addressHash(relay.ip(), relay.port());
        for (int s = retiredRelays.start(h); retiredRelays.valueAt(s) != null; s = retiredRelays.next(s)) {
            TransportAddress t = retiredRelays.valueAt(s);
            if (retiredRelays.hashAt(s) == h && t.equals(relay)) {
                retiredRelays.remove(h, t);
                return;
            }
        }
    }

    private boolean isRetiredRelay(TransportAddress local) {
        if (retiredRelays.size() == 0) {
            return false;
        }
        int h = Allocation.addressHash(local.ip(), local.port());
        for (int s = retiredRelays.start(h); retiredRelays.valueAt(s) != null; s = retiredRelays.next(s)) {
            if (retiredRelays.hashAt(s) == h && retiredRelays.valueAt(s).equals(local)) {
                return true;
            }
        }
        return false;
    }

    private Allocation findByRelay(TransportAddress local) {
        if (byRelay.size() == 0) {
            return null;
        }
        int h = Allocation.addressHash(local.ip(), local.port());
        for (int s = byRelay.start(h); byRelay.valueAt(s) != null; s = byRelay.next(s)) {
            Allocation a = byRelay.valueAt(s);
            if (byRelay.hashAt(s) == h && a.relay.equals(local)) {
                return a;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ answers

    private void begin(MessageClass messageClass) {
        out.clear();
        writer.reset(out).start(request.method(), messageClass, request.transactionId());
    }

    /** 401 or 438 with REALM, a fresh NONCE and PASSWORD-ALGORITHMS; never signed. Rate-limited per source IP. */
    private void challenge(TransportAddress local, InetSocketAddress remote, long now, int code) {
        if (!limiter.tryAcquire(remote.getAddress(), now)) {
            rateLimited++;
            return;
        }
        begin(MessageClass.ERROR_RESPONSE);
        writer.add(ErrorCode.of(code))
                .add(new Realm(config.realm()))
                .add(new Nonce(authenticator.nonceFor(remote, now)))
                .add(Authenticator.OFFERED);
        finishPlain(local, remote);
    }

    /** An unsigned error to a request that is not (yet) authenticated. Rate-limited per source IP. */
    private void unauthenticatedError(TransportAddress local, InetSocketAddress remote, long now, int code) {
        if (!limiter.tryAcquire(remote.getAddress(), now)) {
            rateLimited++;
            return;
        }
        begin(MessageClass.ERROR_RESPONSE);
        writer.add(ErrorCode.of(code));
        finishPlain(local, remote);
    }

    /** An error to an authenticated request: signed and cached like a success. */
    private void error(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now, int code) {
        begin(MessageClass.ERROR_RESPONSE);
        writer.add(ErrorCode.of(code));
        finishAuthenticated(local, remote, auth, now);
        errorResponses++;
    }

    private void finishPlain(TransportAddress local, InetSocketAddress remote) {
        if (request.fingerprintIndex() >= 0) {
            writer.addFingerprint();
        }
        pending = new Transmit(local, remote, writer.finish());
        errorResponses++;
    }

    private void finishAuthenticated(TransportAddress local, InetSocketAddress remote, Authenticator.Auth auth, long now) {
        if (auth.sha256()) {
            writer.addMessageIntegritySha256(auth.key());
        } else {
            writer.addMessageIntegrity(auth.key());
        }
        if (request.fingerprintIndex() >= 0) {
            writer.addFingerprint();
        }
        ByteBuffer answer = writer.finish();
        cache.put(local, remote, request.transactionId(), answer, now);
        if (nextSweep == NO_TIMEOUT) {
            nextSweep = now + SWEEP_NANOS;
        }
        pending = new Transmit(local, remote, answer);
    }

    @Override
    public String toString() {
        return "TurnServerEngine[" + byTuple.size() + " allocations]";
    }
}
