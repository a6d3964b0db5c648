package dev.nat4j.stun.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.IntPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Demux;
import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.AttributeRegistry;
import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.MappedAddress;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.Padding;
import dev.nat4j.stun.attribute.ResponseOrigin;
import dev.nat4j.stun.attribute.ResponsePort;
import dev.nat4j.stun.attribute.Software;
import dev.nat4j.stun.attribute.UnknownAttributes;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;

/**
 * A STUN Binding server (RFC 8489) with optional NAT behaviour discovery (RFC 5780), as a sans-IO {@link Engine}: it
 * answers each request with at most one {@link Transmit} and has no timers, events or per-client state.
 *
 * <pre>{@code
 * StunServerEngine engine = new StunServerEngine(StunServerConfig.defaults());
 * engine.handleDatagram(local, client, datagram, System.nanoTime());
 * Transmit answer = engine.pollTransmit();    // null when the datagram was dropped
 * }</pre>
 *
 * <p>What it answers:
 * <ul>
 * <li>a Binding request: a success response with XOR-MAPPED-ADDRESS (the request's source), FINGERPRINT only if the
 *     request had one, SOFTWARE only if configured, MAPPED-ADDRESS only if configured or in RFC 5780 mode. For a
 *     minimal 20-byte request from IPv4 that is 32 bytes: the 1.6x reflection factor of a lean coturn.</li>
 * <li>in RFC 5780 mode (when {@link StunServerConfig#rfc5780()} is set and the request reached one of its four
 *     addresses): MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS too, sent from the address CHANGE-REQUEST asks
 *     for (RFC 5780 §6.1 table 1). CHANGE-REQUEST without RFC 5780 (or, asking for a change, over TCP, where the
 *     answer must use the connection) gets 420 with UNKNOWN-ATTRIBUTES, as RFC 5780 §6 requires.</li>
 * <li>RESPONSE-PORT (UDP): the answer goes to that port of the request's source IP; with PADDING too, or port 0: 400.
 *     Over TCP it is ignored.</li>
 * <li>PADDING: echoed, never longer than the request's own (rounded up to 4) nor
 *     {@link StunServerConfig#maxPaddingBytes()}, so it cannot amplify.</li>
 * <li>a request with unknown comprehension-required attributes: 420 with UNKNOWN-ATTRIBUTES; a request whose known
 *     attributes do not decode, or with a method other than Binding: 400. Error responses carry no reason phrase.</li>
 * </ul>
 * Everything else (not STUN, malformed, a wrong FINGERPRINT, indications, responses) is dropped silently, counted
 * per {@link DropReason} and logged at debug at most once a second per reason. Nothing that arrives makes
 * {@link #handleDatagram} throw.
 *
 * <p>The answer is built in one buffer owned by the engine and reused for the next one, as the {@link Transmit}
 * contract allows. An engine is driven by one thread at a time; {@link #stats()} may be read from any thread.
 */
public final class StunServerEngine implements Engine<Void> {
    private static final Logger LOG = LoggerFactory.getLogger(StunServerEngine.class);

    /** Comprehension-required attributes of RFC 8489 that a Binding server accepts (and ignores) in a request. */
    private static final int[] RFC8489_REQUIRED = {
        0x0001, // MAPPED-ADDRESS
        0x0006, // USERNAME
        0x0008, // MESSAGE-INTEGRITY
        0x0009, // ERROR-CODE
        0x000A, // UNKNOWN-ATTRIBUTES
        0x0014, // REALM
        0x0015, // NONCE
        0x001C, // MESSAGE-INTEGRITY-SHA256
        0x001D, // PASSWORD-ALGORITHM
        0x001E, // USERHASH
        0x0020, // XOR-MAPPED-ADDRESS
        0x0026, // PADDING (RFC 5780, needs no second address)
    };

    private static final ErrorCode BAD_REQUEST = ErrorCode.of(ErrorCode.BAD_REQUEST);
    private static final ErrorCode UNKNOWN_ATTRIBUTE = ErrorCode.of(ErrorCode.UNKNOWN_ATTRIBUTE);
    private static final UnknownAttributes CHANGE_REQUEST_UNKNOWN = new UnknownAttributes(new int[] {ChangeRequest.CODE});

    /** Log kinds: one per drop reason, then the two error answers. */
    private static final int LOG_400 = DropReason.values().length;
    private static final int LOG_420 = LOG_400 + 1;
    private static final String[] DROP_LINES = new String[DropReason.values().length];

    static {
        for (DropReason r : DropReason.values()) {
            DROP_LINES[r.ordinal()] = "dropped (" + r + ")";
        }
    }

    private final StunServerConfig config;
    private final Rfc5780Addresses rfc5780;
    /** The four RFC 5780 addresses as UDP sources, by index; empty without RFC 5780. */
    private final TransportAddress[] udpSources;
    private final Software software;
    private final IntPredicate understood = this::understands;
    private final StunMessage request = new StunMessage();
    private final ByteBuffer out;
    private final StunWriter writer;
    private final Counters counters = new Counters();
    private final RateLimitedLog log = new RateLimitedLog(LOG, LOG_420 + 1);
    private Transmit pending;

    /** An engine answering as {@code config} says. */
    public StunServerEngine(StunServerConfig config) {
        this(config, ByteBuffer.allocate(bufferSize(config)));
    }

    /** An engine that builds its answers in {@code scratch} (tests fill it with garbage to prove nothing stale leaks). */
    StunServerEngine(StunServerConfig config, ByteBuffer scratch) {
        this.config = config;
        this.rfc5780 = config.rfc5780();
        this.udpSources = new TransportAddress[rfc5780 == null ? 0 : 4];
        for (int i = 0; i < udpSources.length; i++) {
            udpSources[i] = TransportAddress.udp(rfc5780.address(i));
        }
        this.software = config.software() == null ? null : new Software(config.software());
        if (scratch.capacity() < bufferSize(config)) {
            throw new IllegalArgumentException("scratch buffer too small: " + scratch.capacity());
        }
        this.out = scratch;
        this.writer = new StunWriter(scratch);
    }

    /**
     * Room for the largest answer: header, four IPv6 address attributes, SOFTWARE, an UNKNOWN-ATTRIBUTES list as long
     * as a request can make it, PADDING and FINGERPRINT.
     */
    private static int bufferSize(StunServerConfig config) {
        return StunMessage.HEADER_LENGTH + 4 * 24 + 4 + 764 + 8 + 4 + 2 * StunMessage.MAX_ATTRIBUTES + 8
                + 4 + config.maxPaddingBytes() + 3;
    }

    /** The configuration this engine answers with. */
    public StunServerConfig config() {
        return config;
    }

    /** A snapshot of the counters; safe from any thread. */
    public StunServerStats stats() {
        return counters.snapshot();
    }

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        pending = null;
        counters.increment(Counters.RECEIVED);
        try {
            handle(local, remote, payload, now);
        } catch (RuntimeException e) {
            // A defect here must not take the I/O loop down with it; the datagram is lost, the server keeps serving.
            pending = null;
            counters.drop(DropReason.INTERNAL_ERROR);
            log.warn(DropReason.INTERNAL_ERROR.ordinal(), now, "internal error; dropped a datagram", remote, e);
        }
    }

    private void handle(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (Demux.classify(payload) != Demux.STUN) {
            // RFC 7983: ChannelData, DTLS, RTP and the rest never start with 0..3; no STUN method needs more.
            drop(DropReason.NOT_STUN, now, remote, null);
            return;
        }
        if (!request.wrap(payload)) {
            drop(hasStunHeader(payload) ? DropReason.MALFORMED : DropReason.NOT_STUN, now, remote, request.error());
            return;
        }
        MessageClass messageClass = request.messageClass();
        if (messageClass == MessageClass.INDICATION) {
            drop(DropReason.INDICATION, now, remote, null);
            return;
        }
        if (messageClass.isResponse()) {
            drop(DropReason.RESPONSE, now, remote, null);
            return;
        }
        boolean fingerprint = request.fingerprintIndex() >= 0;
        if (fingerprint && !IntegrityCodec.verifyFingerprint(request)) {
            drop(DropReason.BAD_FINGERPRINT, now, remote, null);
            return;
        }
        if (remote == null || remote.isUnresolved() || remote.getPort() == 0
                || remote.getAddress().isAnyLocalAddress()) {
            drop(DropReason.UNROUTABLE, now, remote, "no source address to answer");
            return;
        }
        if (request.method() != StunMethod.BINDING) {
            badRequest(local, remote, now, "unsupported method");
            return;
        }
        if (request.firstUnknownComprehensionRequired(understood) >= 0) {
            unknownAttributes(local, remote, now, null);
            return;
        }
        String malformed = firstMalformedAttribute();
        if (malformed != null) {
            badRequest(local, remote, now, malformed);
            return;
        }
        answerBinding(local, remote, now);
    }

    private void answerBinding(TransportAddress local, InetSocketAddress remote, long now) {
        boolean stream = local.transport().isStream();
        int here = rfc5780 == null ? -1 : rfc5780.indexOf(local.ip(), local.port());
        ChangeRequest change = request.get(ChangeRequest.TYPE);
        if (change != null) {
            boolean wantsChange = change.changeIp() || change.changePort();
            if (here < 0 || (stream && wantsChange)) {
                // RFC 5780 §6: no alternate for this address (or no way to answer from it on a connection).
                unknownAttributes(local, remote, now, CHANGE_REQUEST_UNKNOWN);
                return;
            }
        }
        int paddingIndex = request.indexOf(Padding.CODE);
        InetSocketAddress destination = remote;
        ResponsePort responsePort = stream ? null : request.get(ResponsePort.TYPE);
        if (responsePort != null) {
            if (paddingIndex >= 0) {
                badRequest(local, remote, now, "RESPONSE-PORT with PADDING (RFC 5780 §7.5)");
                return;
            }
            if (responsePort.port() == 0) {
                badRequest(local, remote, now, "RESPONSE-PORT 0");
                return;
            }
            destination = new InetSocketAddress(remote.getAddress(), responsePort.port());
        }
        TransportAddress source = local;
        if (here >= 0 && change != null) {
            int there = here ^ (change.changeIp() ? Rfc5780Addresses.OTHER_IP : 0)
                    ^ (change.changePort() ? Rfc5780Addresses.OTHER_PORT : 0);
            if (there != here) {
                source = udpSources[there];
            }
        }
        begin(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE);
        writer.add(new XorMappedAddress(remote));
        if (config.mappedAddress() || here >= 0) {
            writer.add(new MappedAddress(remote));
        }
        if (here >= 0) {
            writer.add(new ResponseOrigin(source.socketAddress()));
            writer.add(new OtherAddress(rfc5780.address(here ^ (Rfc5780Addresses.OTHER_IP | Rfc5780Addresses.OTHER_PORT))));
        }
        if (paddingIndex >= 0) {
            int asked = (request.valueLength(paddingIndex) + 3) & ~3;
            writer.add(new Padding(Math.min(asked, config.maxPaddingBytes() & ~3)));
        }
        finish(source, destination);
        counters.increment(Counters.SUCCESS);
        if (source != local) {
            counters.increment(Counters.CHANGED_SOURCE);
        }
    }

    /** A short description of the first understood attribute whose value does not decode, or {@code null}. */
    private String firstMalformedAttribute() {
        int count = request.attributeCount();
        for (int i = 0; i < count; i++) {
            int code = request.attributeType(i);
            AttributeType<?> type = AttributeRegistry.typeOf(code);
            if (type == null || request.indexOf(code) != i) {
                continue; // unknown optional attributes are ignored, and only the first of a repeated one counts
            }
            try {
                type.decode(request, request.valueOffset(i), request.valueLength(i));
            } catch (RuntimeException e) {
                return "malformed " + type.name();
            }
        }
        return null;
    }

    private boolean understands(int code) {
        if (code == ChangeRequest.CODE) {
            return rfc5780 != null;
        }
        if (code == ResponsePort.CODE) {
            return config.responsePort();
        }
        for (int known : RFC8489_REQUIRED) {
            if (known == code) {
                return true;
            }
        }
        return AttributeRegistry.isKnown(code);
    }

    private void badRequest(TransportAddress local, InetSocketAddress remote, long now, String why) {
        begin(request.method(), MessageClass.ERROR_RESPONSE);
        writer.add(BAD_REQUEST);
        finish(local, remote);
        counters.increment(Counters.BAD_REQUEST);
        log.debug(LOG_400, now, "answered 400", remote, why);
    }

    /** Answers 420 listing {@code codes}, or every unknown comprehension-required attribute when {@code null}. */
    private void unknownAttributes(TransportAddress local, InetSocketAddress remote, long now, UnknownAttributes codes) {
        UnknownAttributes list = codes != null ? codes
                : new UnknownAttributes(request.unknownComprehensionRequired(understood));
        begin(StunMethod.BINDING, MessageClass.ERROR_RESPONSE);
        writer.add(UNKNOWN_ATTRIBUTE).add(list);
        finish(local, remote);
        counters.increment(Counters.UNKNOWN_ATTRIBUTE);
        log.debug(LOG_420, now, "answered 420", remote, codes != null ? "CHANGE-REQUEST unavailable here" : null);
    }

    private void begin(int method, MessageClass messageClass) {
        out.clear();
        writer.reset(out).start(method, messageClass, request.transactionId());
    }

    private void finish(TransportAddress source, InetSocketAddress destination) {
        if (software != null) {
            writer.add(software);
        }
        if (request.fingerprintIndex() >= 0) {
            writer.addFingerprint();
        }
        pending = new Transmit(source, destination, writer.finish());
    }

    private void drop(DropReason reason, long now, InetSocketAddress remote, String detail) {
        counters.drop(reason);
        log.debug(reason.ordinal(), now, DROP_LINES[reason.ordinal()], remote, detail);
    }

    /** True when the bytes start like STUN (top bits, cookie) even if the rest is wrong: malformed, not foreign. */
    private static boolean hasStunHeader(ByteBuffer payload) {
        int p = payload.position();
        return payload.remaining() >= StunMessage.HEADER_LENGTH && (payload.get(p) & 0xC0) == 0
                && payload.getInt(p + 4) == StunMessage.MAGIC_COOKIE;
    }

    @Override
    public void handleTimeout(long now) {
        // No timers: a Binding server keeps no state between requests.
    }

    @Override
    public Transmit pollTransmit() {
        Transmit t = pending;
        pending = null;
        return t;
    }

    @Override
    public long pollTimeout() {
        return NO_TIMEOUT;
    }

    @Override
    public Void pollEvent() {
        return null;
    }
}
