package dev.nat4j.stun.discovery;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Engine;
import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.MappedAddress;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.ResponsePort;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.transaction.ClientTransaction;
import dev.nat4j.stun.transaction.TransactionTable;

/**
 * NAT behaviour discovery (RFC 5780 §4) as a sans-IO machine: give it one or two local UDP sockets and an RFC 5780
 * STUN server, and it reports mapping, filtering, hairpinning, optionally the binding lifetime, and the classic name.
 *
 * <p>Order of the tests, all from the first socket unless said otherwise:
 * <ol>
 *   <li>Test I (§4.2): a plain Binding request; no answer means UDP is blocked. It yields the mapped address and the
 *       server's OTHER-ADDRESS. Without OTHER-ADDRESS mapping and filtering stay unknown, with the reason.
 *   <li>Filtering (§4.4) before mapping: the mapping tests send to the alternate IP and port, which would open the
 *       very filters the filtering tests probe (and some NATs remember contacted addresses per router, not per
 *       mapping). Test II asks for the answer from the other IP and port; if none arrives, test III from the other
 *       port only.
 *   <li>Mapping (§4.3), skipped when the mapped address is the local one: the alternate IP with the primary port,
 *       then, if the mapping changed, the alternate IP and port.
 *   <li>Hairpinning: each socket sends a Binding request to the other socket's mapped address (the second socket
 *       learnt its own with a test I at the start). If either request arrives, the NAT hairpins. Sending both ways
 *       matters: each send also opens the sender's filter for the other, which an address-and-port-dependent filter
 *       would otherwise apply to the hairpinned datagram.
 *   <li>Binding lifetime (§4.6, off by default): a bounded binary search; the first socket refreshes its binding and
 *       idles for T, then the second asks the server (RESPONSE-PORT) to answer to the first socket's mapped port.
 * </ol>
 *
 * <pre>{@code
 * NatDiscoveryEngine engine = new NatDiscoveryEngine(DiscoveryConfig.of(server));
 * engine.start(primaryLocal, secondaryLocal, now);
 * // then drive it like any Engine; the last event is DiscoveryFinished (or DiscoveryFailed)
 * }</pre>
 *
 * <p>Local addresses must be concrete (not the wildcard): "no NAT" means the mapped address equals the local one.
 * Not thread-safe: one driver thread calls it.
 */
public final class NatDiscoveryEngine implements Engine<DiscoveryEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(NatDiscoveryEngine.class);
    private static final int MAX_OUTSTANDING = 8;
    /** RFC 5780 §5: at most ten new transactions a second, so NATs that rate-limit new bindings are not tripped. */
    static final long MIN_START_INTERVAL_NANOS = 100_000_000L;

    /** A request waiting for its turn under the pacing rule. */
    private record PendingSend(Probe probe, TransportAddress from, InetSocketAddress to, StunAttribute extra) {}

    /** What each request was for; the tag of its transaction. */
    private enum Probe {
        TEST1, TEST1_SECOND, FILTER_IP_AND_PORT, FILTER_PORT, MAP_ALTERNATE_IP, MAP_ALTERNATE_ADDRESS,
        HAIRPIN_TO_FIRST, HAIRPIN_TO_SECOND, LIFETIME_REFRESH, LIFETIME_PROBE
    }

    private enum Phase { IDLE, CONNECTIVITY, FILTERING, MAPPING, HAIRPINNING, LIFETIME, DONE }

    private final DiscoveryConfig config;
    private final InetSocketAddress server;
    private final TransactionTable table;
    private final ByteBuffer scratch = ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE);
    private final StunWriter writer = new StunWriter(scratch);
    private final ArrayDeque<DiscoveryEvent> events = new ArrayDeque<>();
    private final Map<Probe, ClientTransaction> active = new EnumMap<>(Probe.class);
    private final List<String> reasons = new ArrayList<>();
    private final ArrayDeque<PendingSend> pending = new ArrayDeque<>();
    private long nextStartAllowed;

    private Phase phase = Phase.IDLE;
    private TransportAddress primary;
    private TransportAddress secondary;
    private long startedAt;

    private InetSocketAddress mapped;
    private InetSocketAddress otherAddress;
    private boolean udpBlocked;
    private boolean secondTestDone;
    private InetSocketAddress secondMapped;
    private ProbeResult filterIpAndPort = ProbeResult.NOT_RUN;
    private ProbeResult filterPort = ProbeResult.NOT_RUN;
    private FilteringBehavior filtering = FilteringBehavior.UNKNOWN;
    private InetSocketAddress mappedAtAlternateIp;
    private InetSocketAddress mappedAtAlternateAddress;
    private MappingBehavior mapping = MappingBehavior.UNKNOWN;
    private Boolean hairpinning;
    private int hairpinProbesPending;
    private long lifetimeAliveNanos;
    private long lifetimeExpiredNanos;
    private long lifetimeIdleNanos;
    private int lifetimeSteps;
    private long lifetimeProbeAt = NO_TIMEOUT;
    private InetSocketAddress lifetimeMapped;
    private Duration bindingLifetime;
    private NatReport report;

    /** A discovery run configured by {@code config}; nothing happens until {@link #start}. */
    public NatDiscoveryEngine(DiscoveryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.server = config.server();
        this.table = new TransactionTable(config.retransmissionPolicy(), MAX_OUTSTANDING);
    }

    /**
     * Starts the run.
     *
     * @param primaryLocal   the socket the tests run from (a fresh port, RFC 5780 §4.1)
     * @param secondaryLocal a second socket for hairpinning and the binding lifetime, or {@code null} (those are then
     *                       unknown)
     * @param now            the current time
     * @throws IllegalStateException when already started
     */
    public void start(TransportAddress primaryLocal, TransportAddress secondaryLocal, long now) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("already started");
        }
        this.primary = Objects.requireNonNull(primaryLocal, "primaryLocal");
        this.secondary = secondaryLocal;
        this.startedAt = now;
        this.nextStartAllowed = now;
        phase = Phase.CONNECTIVITY;
        send(Probe.TEST1, primary, server, null, now);
        if (secondary != null && (config.testHairpinning())) {
            send(Probe.TEST1_SECOND, secondary, server, null, now);
        } else {
            secondTestDone = true;
        }
    }

    /** True once the run has finished or failed. */
    public boolean isDone() {
        return phase == Phase.DONE;
    }

    /** The result, or {@code null} until the run has finished (or when it failed). */
    public NatReport report() {
        return report;
    }

    // ------------------------------------------------------------------ Engine

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (phase == Phase.IDLE || phase == Phase.DONE) {
            return;
        }
        StunMessage m = StunMessage.tryParse(payload);
        if (m == null || m.method() != StunMethod.BINDING) {
            LOG.debug("dropped a datagram from {} that is not a STUN Binding message", remote);
            return;
        }
        if (m.isRequest()) {
            onRequest(local, m, now);
            return;
        }
        ClientTransaction t = table.match(m);
        if (t == null) {
            LOG.debug("dropped a response from {} that matches no outstanding request", remote);
            return;
        }
        Probe probe = (Probe) t.tag();
        active.remove(probe);
        onAnswer(probe, local, remote, m, now);
    }

    @Override
    public void handleTimeout(long now) {
        if (phase == Phase.IDLE || phase == Phase.DONE) {
            return;
        }
        table.handleTimeout(now);
        for (ClientTransaction t; (t = table.pollTimedOut()) != null; ) {
            Probe probe = (Probe) t.tag();
            active.remove(probe);
            onAnswer(probe, null, null, null, now);
            if (phase == Phase.DONE) {
                return;
            }
        }
        if (lifetimeProbeAt != NO_TIMEOUT && now - lifetimeProbeAt >= 0) {
            lifetimeProbeAt = NO_TIMEOUT;
            send(Probe.LIFETIME_PROBE, secondary, server, new ResponsePort(lifetimeMapped.getPort()), now);
        }
        startPending(now);
    }

    @Override
    public Transmit pollTransmit() {
        return table.pollTransmit();
    }

    @Override
    public long pollTimeout() {
        if (phase == Phase.IDLE || phase == Phase.DONE) {
            return NO_TIMEOUT;
        }
        long t = earliest(table.pollTimeout(), lifetimeProbeAt);
        return pending.isEmpty() ? t : earliest(t, nextStartAllowed);
    }

    @Override
    public DiscoveryEvent pollEvent() {
        return events.poll();
    }

    // ------------------------------------------------------------------ answers

    /** A response ({@code m} non-null) or a timeout ({@code m == null}) for {@code probe}. */
    private void onAnswer(Probe probe, TransportAddress local, InetSocketAddress remote, StunMessage m, long now) {
        switch (probe) {
            case TEST1 -> onTest1(m, now);
            case TEST1_SECOND -> onSecondTest1(m, now);
            case FILTER_IP_AND_PORT -> onFilterIpAndPort(filterResult(m, remote, true), remote, m, now);
            case FILTER_PORT -> onFilterPort(filterResult(m, remote, false), remote, m, now);
            case MAP_ALTERNATE_IP -> onMappingAlternateIp(m, now);
            case MAP_ALTERNATE_ADDRESS -> onMappingAlternateAddress(m, now);
            case HAIRPIN_TO_FIRST, HAIRPIN_TO_SECOND -> onHairpinProbeEnded(now);
            case LIFETIME_REFRESH -> onLifetimeRefresh(m, now);
            case LIFETIME_PROBE -> onLifetimeProbe(local, m, now);
        }
    }

    private void onTest1(StunMessage m, long now) {
        if (m == null) {
            udpBlocked = true;
            reasons.add("no answer from " + format(server) + " over UDP within " + giveUpText()
                    + ": UDP is blocked or the server is down");
            progress(DiscoveryStep.CONNECTIVITY, "no response", now);
            finish(now);
            return;
        }
        if (m.isErrorResponse()) {
            fail("the server refused the Binding request: " + errorText(m), now);
            return;
        }
        mapped = mappedAddress(m);
        if (mapped == null) {
            fail("the Binding response from " + format(server) + " has no usable (XOR-)MAPPED-ADDRESS", now);
            return;
        }
        otherAddress = otherAddress(m);
        StringBuilder result = new StringBuilder("mapped address ").append(format(mapped));
        if (mapped.equals(primary.socketAddress())) {
            result.append(" (the local address: no NAT)");
        }
        result.append(otherAddress == null ? "; no OTHER-ADDRESS" : "; OTHER-ADDRESS " + format(otherAddress));
        progress(DiscoveryStep.CONNECTIVITY, result.toString(), now);
        if (otherAddress == null) {
            mapping = NatClassifier.mapping(primary.socketAddress(), mapped, null, null);
            if (mapping == MappingBehavior.UNKNOWN) {
                reasons.add("mapping unknown: the server sent no usable OTHER-ADDRESS (no RFC 5780 support), so "
                        + "there is no second server address to compare the mapping with");
            }
            reasons.add("filtering unknown: the server sent no usable OTHER-ADDRESS (no RFC 5780 support), so it "
                    + "cannot answer from another address");
            startHairpinning(now);
            return;
        }
        phase = Phase.FILTERING;
        send(Probe.FILTER_IP_AND_PORT, primary, server, new ChangeRequest(true, true), now);
    }

    private void onSecondTest1(StunMessage m, long now) {
        secondTestDone = true;
        if (m != null && m.isSuccessResponse()) {
            secondMapped = mappedAddress(m);
        }
        if (phase == Phase.HAIRPINNING && hairpinProbesPending == 0 && hairpinning == null) {
            startHairpinning(now);
        }
    }

    private void onFilterIpAndPort(ProbeResult result, InetSocketAddress remote, StunMessage m, long now) {
        filterIpAndPort = result;
        progress(DiscoveryStep.FILTERING_CHANGE_IP_AND_PORT, describe(result, remote, m), now);
        if (result == ProbeResult.NO_RESPONSE) {
            send(Probe.FILTER_PORT, primary, server, new ChangeRequest(false, true), now);
        } else {
            endFiltering(now);
        }
    }

    private void onFilterPort(ProbeResult result, InetSocketAddress remote, StunMessage m, long now) {
        filterPort = result;
        progress(DiscoveryStep.FILTERING_CHANGE_PORT, describe(result, remote, m), now);
        endFiltering(now);
    }

    private void endFiltering(long now) {
        filtering = NatClassifier.filtering(filterIpAndPort, filterPort);
        if (filtering == FilteringBehavior.UNKNOWN) {
            ProbeResult bad = filterIpAndPort == ProbeResult.NO_RESPONSE ? filterPort : filterIpAndPort;
            reasons.add("filtering unknown: " + switch (bad) {
                case ERROR -> "the server answered CHANGE-REQUEST with an error";
                case WRONG_SOURCE -> "the server ignored CHANGE-REQUEST (it answered from the address asked)";
                default -> "the filtering tests were incomplete";
            });
        }
        if (mapped.equals(primary.socketAddress())) {
            mapping = MappingBehavior.NO_NAT;
            startHairpinning(now);
            return;
        }
        phase = Phase.MAPPING;
        send(Probe.MAP_ALTERNATE_IP, primary, new InetSocketAddress(otherAddress.getAddress(), server.getPort()),
                null, now);
    }

    private void onMappingAlternateIp(StunMessage m, long now) {
        InetSocketAddress alternateIp = new InetSocketAddress(otherAddress.getAddress(), server.getPort());
        mappedAtAlternateIp = m != null && m.isSuccessResponse() ? mappedAddress(m) : null;
        if (mappedAtAlternateIp == null) {
            progress(DiscoveryStep.MAPPING_ALTERNATE_IP, m == null ? "no response" : "unusable response", now);
            reasons.add("mapping unknown: " + (m == null ? "no answer" : "no usable answer") + " from the alternate "
                    + "address " + format(alternateIp) + " (OTHER-ADDRESS IP with the primary port)");
            endMapping(now);
            return;
        }
        boolean same = mappedAtAlternateIp.equals(mapped);
        progress(DiscoveryStep.MAPPING_ALTERNATE_IP, "mapped address " + format(mappedAtAlternateIp)
                + (same ? " (unchanged)" : " (changed)"), now);
        if (same) {
            endMapping(now);
        } else {
            send(Probe.MAP_ALTERNATE_ADDRESS, primary, otherAddress, null, now);
        }
    }

    private void onMappingAlternateAddress(StunMessage m, long now) {
        mappedAtAlternateAddress = m != null && m.isSuccessResponse() ? mappedAddress(m) : null;
        if (mappedAtAlternateAddress == null) {
            progress(DiscoveryStep.MAPPING_ALTERNATE_ADDRESS, m == null ? "no response" : "unusable response", now);
            reasons.add("mapping unknown: " + (m == null ? "no answer" : "no usable answer") + " from OTHER-ADDRESS "
                    + format(otherAddress));
        } else {
            progress(DiscoveryStep.MAPPING_ALTERNATE_ADDRESS, "mapped address " + format(mappedAtAlternateAddress)
                    + (mappedAtAlternateAddress.equals(mappedAtAlternateIp) ? " (same as test II)"
                            : " (changed again)"), now);
        }
        endMapping(now);
    }

    private void endMapping(long now) {
        mapping = NatClassifier.mapping(primary.socketAddress(), mapped, mappedAtAlternateIp,
                mappedAtAlternateAddress);
        startHairpinning(now);
    }

    // ------------------------------------------------------------------ hairpinning

    private void startHairpinning(long now) {
        phase = Phase.HAIRPINNING;
        if (!config.testHairpinning()) {
            startLifetime(now);
            return;
        }
        if (secondary == null) {
            reasons.add("hairpinning unknown: no second local socket to test it with");
            startLifetime(now);
            return;
        }
        if (mapped.equals(primary.socketAddress())) {
            reasons.add("hairpinning does not apply: there is no NAT");
            startLifetime(now);
            return;
        }
        if (!secondTestDone) {
            return; // onSecondTest1 comes back here
        }
        if (secondMapped == null) {
            reasons.add("hairpinning unknown: the second local socket got no mapped address from the server");
            startLifetime(now);
            return;
        }
        hairpinProbesPending = 2;
        send(Probe.HAIRPIN_TO_FIRST, secondary, mapped, null, now);
        send(Probe.HAIRPIN_TO_SECOND, primary, secondMapped, null, now);
    }

    /** A Binding request arrived: ours, hairpinned back through the NAT, or a stranger's (dropped). */
    private void onRequest(TransportAddress local, StunMessage m, long now) {
        if (phase != Phase.HAIRPINNING || hairpinProbesPending == 0) {
            return;
        }
        ClientTransaction toFirst = active.get(Probe.HAIRPIN_TO_FIRST);
        ClientTransaction toSecond = active.get(Probe.HAIRPIN_TO_SECOND);
        boolean arrived = (toFirst != null && m.hasTransactionId(toFirst.id()) && local.equals(primary))
                || (toSecond != null && m.hasTransactionId(toSecond.id()) && local.equals(secondary));
        if (!arrived) {
            return;
        }
        cancel(Probe.HAIRPIN_TO_FIRST);
        cancel(Probe.HAIRPIN_TO_SECOND);
        hairpinProbesPending = 0;
        hairpinning = Boolean.TRUE;
        progress(DiscoveryStep.HAIRPINNING, "supported: a request sent to our own mapped address came back", now);
        startLifetime(now);
    }

    private void onHairpinProbeEnded(long now) {
        if (--hairpinProbesPending > 0) {
            return;
        }
        hairpinning = Boolean.FALSE;
        progress(DiscoveryStep.HAIRPINNING, "not supported: requests sent to our own mapped addresses never "
                + "arrived", now);
        startLifetime(now);
    }

    // ------------------------------------------------------------------ binding lifetime

    private void startLifetime(long now) {
        if (!config.testBindingLifetime()) {
            finish(now);
            return;
        }
        if (secondary == null) {
            reasons.add("binding lifetime unknown: no second local socket to test it with");
            finish(now);
            return;
        }
        phase = Phase.LIFETIME;
        lifetimeAliveNanos = 0;
        lifetimeExpiredNanos = config.maxBindingLifetime().toNanos();
        send(Probe.LIFETIME_REFRESH, primary, server, null, now);
    }

    private void onLifetimeRefresh(StunMessage m, long now) {
        lifetimeMapped = m != null && m.isSuccessResponse() ? mappedAddress(m) : null;
        if (lifetimeMapped == null) {
            reasons.add("binding lifetime unknown: the server did not answer the refresh from the first socket");
            finish(now);
            return;
        }
        lifetimeIdleNanos = lifetimeAliveNanos + (lifetimeExpiredNanos - lifetimeAliveNanos) / 2;
        lifetimeProbeAt = now + lifetimeIdleNanos;
    }

    private void onLifetimeProbe(TransportAddress local, StunMessage m, long now) {
        if (m != null && m.isErrorResponse()) {
            reasons.add("binding lifetime unknown: the server refused RESPONSE-PORT: " + errorText(m));
            finish(now);
            return;
        }
        boolean alive = m != null && primary.equals(local);
        if (alive) {
            lifetimeAliveNanos = lifetimeIdleNanos;
        } else {
            lifetimeExpiredNanos = lifetimeIdleNanos;
        }
        lifetimeSteps++;
        progress(DiscoveryStep.BINDING_LIFETIME, "after " + Duration.ofNanos(lifetimeIdleNanos).toMillis()
                + " ms idle the binding was " + (alive ? "alive" : "gone"), now);
        if (lifetimeSteps >= config.lifetimeSteps()) {
            bindingLifetime = Duration.ofNanos(lifetimeAliveNanos);
            if (lifetimeAliveNanos == 0) {
                reasons.add("binding lifetime: shorter than " + Duration.ofNanos(lifetimeExpiredNanos).toMillis()
                        + " ms (or the NAT gave the expired port to the second socket)");
            }
            finish(now);
        } else {
            send(Probe.LIFETIME_REFRESH, primary, server, null, now);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static long earliest(long a, long b) {
        if (a == NO_TIMEOUT) {
            return b;
        }
        return b == NO_TIMEOUT || a - b <= 0 ? a : b;
    }

    /** Starts the request now if pacing allows, else queues it for {@link #startPending}. */
    private void send(Probe probe, TransportAddress from, InetSocketAddress to, StunAttribute extra, long now) {
        pending.add(new PendingSend(probe, from, to, extra));
        startPending(now);
    }

    private void startPending(long now) {
        while (!pending.isEmpty() && now - nextStartAllowed >= 0) {
            PendingSend p = pending.poll();
            start(p.probe(), p.from(), p.to(), p.extra(), now);
            nextStartAllowed = now + MIN_START_INTERVAL_NANOS;
        }
    }

    private void start(Probe probe, TransportAddress from, InetSocketAddress to, StunAttribute extra, long now) {
        scratch.clear();
        writer.reset(scratch).start(StunMethod.BINDING, MessageClass.REQUEST, TransactionId.random());
        if (extra != null) {
            writer.add(extra);
        }
        ByteBuffer request = writer.finish();
        active.put(probe, table.start(request, from, to, Transport.UDP, probe, now));
    }

    private void cancel(Probe probe) {
        pending.removeIf(p -> p.probe() == probe);
        ClientTransaction t = active.remove(probe);
        if (t != null) {
            table.cancel(t);
        }
    }

    private void cancelAll() {
        for (ClientTransaction t : active.values()) {
            table.cancel(t);
        }
        active.clear();
        pending.clear();
        lifetimeProbeAt = NO_TIMEOUT;
    }

    /**
     * Judges a filtering probe's answer. The datagram's source is what counts: a server that ignores CHANGE-REQUEST
     * answers from the address asked, which any NAT lets in, and must not pass for endpoint-independent filtering.
     */
    private ProbeResult filterResult(StunMessage m, InetSocketAddress remote, boolean changeIp) {
        if (m == null) {
            return ProbeResult.NO_RESPONSE;
        }
        if (!m.isSuccessResponse()) {
            return ProbeResult.ERROR;
        }
        boolean ipChanged = !remote.getAddress().equals(server.getAddress());
        boolean portChanged = remote.getPort() != server.getPort();
        if (changeIp ? ipChanged : (!ipChanged && portChanged)) {
            return ProbeResult.RESPONSE;
        }
        LOG.debug("CHANGE-REQUEST answered from {}, not from the changed address", remote);
        return ProbeResult.WRONG_SOURCE;
    }

    private static String describe(ProbeResult result, InetSocketAddress remote, StunMessage m) {
        return switch (result) {
            case RESPONSE -> "response from " + format(remote);
            case NO_RESPONSE -> "no response";
            case ERROR -> "error response: " + errorText(m);
            case WRONG_SOURCE -> "response from " + format(remote) + ", the address asked (CHANGE-REQUEST ignored)";
            case NOT_RUN -> "not run";
        };
    }

    private static InetSocketAddress mappedAddress(StunMessage m) {
        try {
            XorMappedAddress xor = m.get(XorMappedAddress.TYPE);
            if (xor != null) {
                return xor.address();
            }
            MappedAddress plain = m.get(MappedAddress.TYPE); // RFC 3489 servers
            return plain == null ? null : plain.address();
        } catch (StunParseException e) {
            LOG.debug("malformed mapped address: {}", e.getMessage());
            return null;
        }
    }

    /** OTHER-ADDRESS when it can serve the tests: present, well-formed, same family, and a different IP. */
    private InetSocketAddress otherAddress(StunMessage m) {
        OtherAddress other;
        try {
            other = m.get(OtherAddress.TYPE);
        } catch (StunParseException e) {
            reasons.add("the server's OTHER-ADDRESS is malformed: " + e.getMessage());
            return null;
        }
        if (other == null) {
            return null;
        }
        InetSocketAddress a = other.address();
        if (a.getAddress().equals(server.getAddress()) || a.getPort() == server.getPort()) {
            reasons.add("the server's OTHER-ADDRESS " + format(a) + " does not differ from " + format(server)
                    + " in both IP and port, so it cannot serve the RFC 5780 tests");
            return null;
        }
        if (a.getAddress().getClass() != server.getAddress().getClass()) {
            reasons.add("the server's OTHER-ADDRESS " + format(a) + " is of another address family");
            return null;
        }
        return a;
    }

    private static String errorText(StunMessage m) {
        try {
            ErrorCode e = m.get(ErrorCode.TYPE);
            return e == null ? "error response without ERROR-CODE" : e.code() + " " + e.reason();
        } catch (StunParseException ex) {
            return "malformed ERROR-CODE";
        }
    }

    private String giveUpText() {
        return config.probeTimeout().toMillis() + " ms";
    }

    private static String format(InetSocketAddress a) {
        return SocketAddresses.format(a);
    }

    private void progress(DiscoveryStep step, String result, long now) {
        events.add(new DiscoveryProgress(step, result, Duration.ofNanos(now - startedAt)));
    }

    private void finish(long now) {
        cancelAll();
        phase = Phase.DONE;
        NatType type = NatClassifier.natType(udpBlocked, mapping, filtering);
        if (udpBlocked) {
            reasons.add("mapping, filtering and hairpinning unknown: no answer from the server");
        }
        report = new NatReport(primary.socketAddress(), mapped, otherAddress, mapping, filtering, hairpinning, type,
                bindingLifetime, Duration.ofNanos(now - startedAt), reasons);
        events.add(new DiscoveryFinished(report));
    }

    private void fail(String reason, long now) {
        cancelAll();
        phase = Phase.DONE;
        events.add(new DiscoveryFailed(reason));
    }

    @Override
    public String toString() {
        return "NatDiscoveryEngine[" + phase + " server=" + format(server) + "]";
    }
}
