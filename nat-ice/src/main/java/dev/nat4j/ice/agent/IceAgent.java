package dev.nat4j.ice.agent;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.CandidatePriority;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.Foundations;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceCredentials;
import dev.nat4j.ice.IceRole;
import dev.nat4j.ice.PairState;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.Fingerprint;
import dev.nat4j.stun.attribute.IceControlled;
import dev.nat4j.stun.attribute.IceControlling;
import dev.nat4j.stun.attribute.MessageIntegrity;
import dev.nat4j.stun.attribute.MessageIntegritySha256;
import dev.nat4j.stun.attribute.Priority;
import dev.nat4j.stun.attribute.UseCandidate;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.ShortTermCredentials;
import dev.nat4j.stun.transaction.ClientTransaction;
import dev.nat4j.stun.transaction.TransactionTable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full ICE agent (RFC 8445) for one data stream with one component over UDP, as a sans-IO {@link Engine}: it never
 * touches a socket or a clock. The owner gives it its host sockets and any server-reflexive addresses it learnt, the
 * peer's credentials and candidates (at any time: trickle), feeds it every datagram that arrives on those sockets, and
 * sends what {@link #pollTransmit()} returns from the {@link Transmit#source()} socket.
 *
 * <pre>{@code
 * IceAgent agent = new IceAgent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLING));
 * agent.addHostCandidate(TransportAddress.udp(socketAddress), now);
 * // signal agent.localCredentials() and agent.localCandidates() to the peer; receive theirs:
 * agent.setRemoteCredentials(peerCredentials, now);
 * agent.addRemoteCandidate(peerCandidate, now);
 * agent.endOfRemoteCandidates(now);
 * agent.endOfLocalCandidates(now);
 * // then drive it like any engine; on IceEvent.Completed: agent.sendData(ByteBuffer.wrap(bytes), now);
 * }</pre>
 *
 * <p>What it does: candidate priorities and foundations; pairing, pruning (reflexive locals replaced by their base)
 * and a cap on pairs; the check list with Frozen/Waiting/In-Progress/Succeeded/Failed states and foundation
 * unfreezing; pacing (one new check per Ta); checks with USERNAME, PRIORITY, ICE-CONTROLLING/ICE-CONTROLLED,
 * USE-CANDIDATE, MESSAGE-INTEGRITY and FINGERPRINT over a bounded retransmission schedule; answers to checks (400/401
 * on bad credentials, without creating any state); triggered checks; peer-reflexive candidates on both sides; the
 * symmetric-response rule; role conflicts; regular nomination; application data on the selected pair; keepalives
 * (Binding indications every Tr, RFC 8445 §11) once completed.
 *
 * <p>Not yet: relayed candidates, consent freshness (RFC 7675), ICE restart, moving to another pair when the selected
 * one dies. Not thread-safe: one thread (the driver's) calls it.
 */
public final class IceAgent implements Engine<IceEvent> {
    private static final Logger log = LoggerFactory.getLogger(IceAgent.class);
    private static final int COMPONENT = 1;
    private static final int MAX_EARLY_CHECKS = 16;
    private static final int MAX_LOCAL_CANDIDATES = 64;
    /**
     * A nomination check (ours with USE-CANDIDATE, or the controlled side's triggered check after one) that times out
     * is repeated this many times before its pair fails: one lost exchange should not cost the session.
     */
    static final int NOMINATION_RETRIES = 2;

    /** A check that arrived before the peer's credentials (RFC 8445 §7.3): answered, its state deferred. */
    private record EarlyCheck(TransportAddress local, InetSocketAddress remote, long priority, boolean useCandidate,
                              String remoteUfrag) {
    }

    private final IceAgentConfig config;
    private final RandomGenerator random;
    private final long taNanos;
    private final IceCredentials localCredentials;
    private final byte[] localKey;
    private final Foundations foundations = new Foundations();
    private final TransactionTable table;
    private final List<LocalCandidate> locals = new ArrayList<>();
    private final List<IceCandidate> remotes = new ArrayList<>();
    private final List<PairEntry> checkList = new ArrayList<>();
    private final List<PairEntry> validOnly = new ArrayList<>();
    private final ArrayDeque<PairEntry> triggered = new ArrayDeque<>();
    private final Map<TransactionId, Check> checks = new HashMap<>();
    private final ArrayDeque<EarlyCheck> early = new ArrayDeque<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<IceEvent> events = new ArrayDeque<>();

    private IceRole role;
    private long tieBreaker;
    private IceCredentials remoteCredentials;
    private byte[] remoteKey;
    private IceAgentState state = IceAgentState.RUNNING;
    private boolean checkedOnce;
    private long lastCheckAt;
    private long lastInputAt;
    private boolean validSeen;
    private long firstValidAt;
    private PairEntry nominationInFlight;
    private PairEntry selected;
    private boolean endOfLocal;
    private boolean endOfRemote;
    private int remotePrflxCounter;
    private long internalErrors;
    private final long keepaliveNanos;
    /** When something last went out on the selected pair (a check, data or a keepalive). */
    private long lastSentOnSelectedAt;
    private boolean peerChecked;
    private long lastPeerCheckAt;
    private int ipv4Hosts;
    private int ipv6Hosts;

    /** An agent with {@code config}; it starts checking once it has remote credentials and a pair. */
    public IceAgent(IceAgentConfig config) {
        this.config = config;
        this.random = config.random();
        this.taNanos = config.ta().toNanos();
        this.keepaliveNanos = config.keepaliveInterval().toNanos();
        this.role = config.role();
        this.tieBreaker = config.tieBreaker() != null ? config.tieBreaker() : random.nextLong();
        this.localCredentials = config.localCredentials() != null ? config.localCredentials()
                : IceCredentials.random(random);
        this.localKey = ShortTermCredentials.key(localCredentials.password());
        this.table = new TransactionTable(config.checkPolicy(), config.maxPairs() + 16);
    }

    // ---------------------------------------------------------------- public API

    /** Our ufrag and password, to signal to the peer. */
    public IceCredentials localCredentials() {
        return localCredentials;
    }

    /** Our current role (a role conflict may have changed the configured one). */
    public IceRole role() {
        return role;
    }

    /** Our current tie-breaker (unsigned 64-bit; changes after a 487). */
    public long tieBreaker() {
        return tieBreaker;
    }

    /** Datagrams dropped because of an unexpected exception inside the agent (a bug): zero in a healthy agent. */
    public long internalErrors() {
        return internalErrors;
    }

    /** The session state. */
    public IceAgentState state() {
        return state;
    }

    /** The selected pair, once ICE completed. */
    public Optional<CandidatePair> selectedPair() {
        return Optional.ofNullable(selected).map(p -> p.pair);
    }

    /** Our candidates so far (host, server-reflexive, and peer-reflexive ones learnt from checks). */
    public List<IceCandidate> localCandidates() {
        return locals.stream().map(LocalCandidate::candidate).toList();
    }

    /** The peer's candidates so far (signalled and peer-reflexive). */
    public List<IceCandidate> remoteCandidates() {
        return List.copyOf(remotes);
    }

    /** A snapshot of the check list (highest priority first) followed by valid pairs that are not on it. */
    public List<CheckListEntry> pairs() {
        List<CheckListEntry> out = new ArrayList<>();
        checkList.forEach(p -> out.add(p.snapshot()));
        validOnly.forEach(p -> out.add(p.snapshot()));
        return out;
    }

    /**
     * Adds a host candidate on local socket {@code base} (UDP), pairing it with every remote candidate known.
     *
     * @return the candidate (the existing one when {@code base} was added before)
     * @throws IllegalArgumentException when {@code base} is not UDP, or too many local candidates exist
     */
    public IceCandidate addHostCandidate(TransportAddress base, long now) {
        requireUdp(base);
        LocalCandidate existing = hostFor(base);
        if (existing != null) {
            return existing.candidate();
        }
        if (locals.size() >= MAX_LOCAL_CANDIDATES) {
            throw new IllegalArgumentException("too many local candidates");
        }
        int localPreference = base.isIpv6()
                ? CandidatePriority.localPreference(ipv6Hosts++, true)
                : CandidatePriority.localPreference(ipv4Hosts++, false);
        String foundation = foundations.of(CandidateType.HOST, base.ip(), null, Transport.UDP);
        IceCandidate candidate = new IceCandidate(foundation, COMPONENT,
                CandidatePriority.candidate(CandidateType.HOST, localPreference, COMPONENT), base, CandidateType.HOST,
                null);
        LocalCandidate local = new LocalCandidate(candidate, base);
        locals.add(local);
        for (IceCandidate remote : remotes) {
            addPair(local, remote);
        }
        afterInput(now);
        return candidate;
    }

    /**
     * Adds a server-reflexive candidate: {@code mapped} is what STUN server {@code server} saw for host socket
     * {@code base}. It is sent from its base, so it adds no pairs of its own (§6.1.2.4), but the peer pairs with it.
     *
     * @return the candidate, or {@code null} when it is redundant with one we have (same address and base, §5.1.3:
     *     no NAT in between)
     * @throws IllegalArgumentException when {@code base} is not one of our host candidates
     */
    public IceCandidate addServerReflexiveCandidate(TransportAddress mapped, TransportAddress base,
            InetAddress server, long now) {
        requireUdp(mapped);
        LocalCandidate host = hostFor(base);
        if (host == null) {
            throw new IllegalArgumentException("not a host candidate: " + base);
        }
        for (LocalCandidate l : locals) {
            // A peer-reflexive twin learnt from a check first does not make it redundant: the peer still needs it.
            if (l.address().equals(mapped) && l.base().equals(base)
                    && l.candidate().type() != CandidateType.PEER_REFLEXIVE) {
                return null;
            }
        }
        if (locals.size() >= MAX_LOCAL_CANDIDATES) {
            throw new IllegalArgumentException("too many local candidates");
        }
        int localPreference = CandidatePriority.localPreferenceOf(host.candidate().priority());
        while (localPreference > 0 && hasLocalPriority(
                CandidatePriority.candidate(CandidateType.SERVER_REFLEXIVE, localPreference, COMPONENT))) {
            localPreference--;
        }
        IceCandidate candidate = new IceCandidate(
                foundations.of(CandidateType.SERVER_REFLEXIVE, base.ip(), server, Transport.UDP), COMPONENT,
                CandidatePriority.candidate(CandidateType.SERVER_REFLEXIVE, localPreference, COMPONENT), mapped,
                CandidateType.SERVER_REFLEXIVE, base.socketAddress());
        locals.add(new LocalCandidate(candidate, base));
        afterInput(now);
        return candidate;
    }

    /**
     * Sets the peer's ufrag and password; checks start once these and a pair exist. Checks that arrived before are
     * now turned into triggered checks.
     */
    public void setRemoteCredentials(IceCredentials remote, long now) {
        this.remoteCredentials = remote;
        this.remoteKey = ShortTermCredentials.key(remote.password());
        while (!early.isEmpty()) {
            EarlyCheck e = early.poll();
            if (e.remoteUfrag().equals(remote.ufrag())) {
                acceptCheck(e.local(), e.remote(), e.priority(), e.useCandidate());
            }
        }
        afterInput(now);
    }

    /**
     * Adds a peer candidate (trickled at any time) and pairs it with our host candidates.
     *
     * @return false when it was not taken: not UDP or component 1, a duplicate address, the cap on remote
     *     candidates reached, or ICE no longer running
     */
    public boolean addRemoteCandidate(IceCandidate candidate, long now) {
        if (state != IceAgentState.RUNNING || candidate.component() != COMPONENT
                || candidate.transport() != Transport.UDP || remoteAt(candidate.address()) != null
                || remotes.size() >= config.maxRemoteCandidates()) {
            return false;
        }
        remotes.add(candidate);
        for (LocalCandidate local : List.copyOf(locals)) {
            if (local.candidate().type() == CandidateType.HOST) {
                addPair(local, candidate);
            }
        }
        afterInput(now);
        return true;
    }

    /** The peer will send no more candidates (RFC 8838 end-of-candidates): ICE may now fail. */
    public void endOfRemoteCandidates(long now) {
        endOfRemote = true;
        afterInput(now);
    }

    /** We will add no more local candidates: ICE may now fail. */
    public void endOfLocalCandidates(long now) {
        endOfLocal = true;
        afterInput(now);
    }

    /**
     * Queues {@code data} (its readable bytes, copied) to the selected pair's remote candidate, sent from the local
     * candidate's base.
     *
     * @return false when no pair is selected yet
     */
    public boolean sendData(ByteBuffer data, long now) {
        if (selected == null) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(0, data, data.position(), data.remaining());
        transmits.add(new Transmit(selected.local.base(), selected.remote.address().socketAddress(), copy));
        lastSentOnSelectedAt = now;
        return true;
    }

    // ---------------------------------------------------------------- Engine

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        lastInputAt = now;
        try {
            if (payload.hasRemaining() && (payload.get(payload.position()) & 0xFF) <= 3) {
                StunMessage message = StunMessage.tryParse(payload);
                if (message == null || message.method() != StunMethod.BINDING) {
                    log.debug("dropped a datagram from {}: not a STUN Binding message", remote);
                } else if (message.isRequest()) {
                    handleRequest(local, remote, message, now);
                } else if (message.messageClass().isResponse()) {
                    handleResponse(local, remote, message, now);
                }
            } else {
                handleData(local, remote, payload);
            }
        } catch (StunParseException | IllegalArgumentException e) {
            log.debug("dropped a datagram from {}: {}", remote, e.toString());
        } catch (RuntimeException e) {
            // A bug, not bad input; still, one datagram must not kill the caller's loop. Tests assert none happen.
            internalErrors++;
            log.warn("internal error on a datagram from {}", remote, e);
        }
        afterInput(now);
    }

    @Override
    public void handleTimeout(long now) {
        lastInputAt = now;
        table.handleTimeout(now);
        for (ClientTransaction t; (t = table.pollTimedOut()) != null; ) {
            Check check = (Check) t.tag();
            checks.remove(check.id);
            if (check.pair.current == check) {
                check.pair.current = null;
                checkFailed(check, PairFailureReason.TIMEOUT, 0);
            }
        }
        for (Iterator<Check> it = checks.values().iterator(); it.hasNext(); ) {
            Check c = it.next();
            if (c.cancelled && now - c.forgetAt >= 0) {
                it.remove();
            }
        }
        if (state == IceAgentState.COMPLETED && now - (lastSentOnSelectedAt + keepaliveNanos) >= 0) {
            byte[] idBytes = new byte[TransactionId.LENGTH];
            random.nextBytes(idBytes);
            transmits.add(new Transmit(selected.local.base(), selected.remote.address().socketAddress(),
                    CheckMessages.keepalive(TransactionId.of(idBytes))));
            lastSentOnSelectedAt = now;
        }
        afterInput(now);
    }

    @Override
    public Transmit pollTransmit() {
        Transmit t = transmits.poll();
        return t != null ? t : table.pollTransmit();
    }

    @Override
    public long pollTimeout() {
        long deadline = table.pollTimeout();
        if (state == IceAgentState.RUNNING && remoteCredentials != null && hasWork()) {
            deadline = earliest(deadline, checkedOnce ? lastCheckAt + taNanos : lastInputAt);
        }
        for (Check c : checks.values()) {
            if (c.cancelled) {
                deadline = earliest(deadline, c.forgetAt);
            }
        }
        if (nominationWaiting()) {
            deadline = earliest(deadline, firstValidAt + config.nominationDelay().toNanos());
        }
        if (waitingForNomination()) {
            deadline = earliest(deadline, nominationWaitDeadline());
        }
        if (state == IceAgentState.COMPLETED) {
            deadline = earliest(deadline, lastSentOnSelectedAt + keepaliveNanos);
        }
        return deadline;
    }

    @Override
    public IceEvent pollEvent() {
        return events.poll();
    }

    // ---------------------------------------------------------------- pairs and scheduling

    private void addPair(LocalCandidate local, IceCandidate remote) {
        if (local.base().isIpv6() != remote.isIpv6() || isLinkLocal(local.base().ip()) != isLinkLocal(
                remote.address().ip())) {
            return;
        }
        if (checkListPair(local.base(), remote.address()) != null) {
            return; // pruned: same base, same remote (§6.1.2.4)
        }
        PairEntry entry = new PairEntry(local, remote);
        entry.priority = pairPriority(local.candidate().priority(), remote.priority());
        if (checkList.size() >= config.maxPairs()) {
            PairEntry lowest = lowestEvictable();
            if (lowest == null || CandidatePriority.comparePairs(lowest.priority, entry.priority) >= 0) {
                return;
            }
            checkList.remove(lowest);
            triggered.remove(lowest);
            lowest.inCheckList = false;
            lowest.queued = false;
            lowest.current = null; // a late response to a check of an evicted pair is then ignored
        }
        entry.inCheckList = true;
        checkList.add(entry);
        sortCheckList();
        // Trickle (RFC 8838 §10): a new pair may run at once unless its foundation already has a check going.
        boolean foundationBusy = false;
        for (PairEntry p : checkList) {
            if (p != entry && p.foundation().equals(entry.foundation())
                    && (p.state == PairState.WAITING || p.state == PairState.IN_PROGRESS)) {
                foundationBusy = true;
                break;
            }
        }
        events.add(new IceEvent.PairStateChanged(entry.pair, null, PairState.FROZEN));
        if (!foundationBusy) {
            setState(entry, PairState.WAITING);
        }
    }

    private PairEntry lowestEvictable() {
        for (int i = checkList.size() - 1; i >= 0; i--) {
            PairEntry p = checkList.get(i);
            if (p.state == PairState.FROZEN || p.state == PairState.WAITING) {
                return p;
            }
        }
        return null;
    }

    private long pairPriority(long localPriority, long remotePriority) {
        return role == IceRole.CONTROLLING ? CandidatePriority.pair(localPriority, remotePriority)
                : CandidatePriority.pair(remotePriority, localPriority);
    }

    private void sortCheckList() {
        // Pair priorities are unsigned 64-bit: a signed comparator would put the largest ones last.
        checkList.sort((a, b) -> CandidatePriority.comparePairs(b.priority, a.priority));
    }

    private void recomputePriorities() {
        for (PairEntry p : checkList) {
            p.priority = pairPriority(p.local.candidate().priority(), p.remote.priority());
        }
        for (PairEntry p : validOnly) {
            p.priority = pairPriority(p.local.candidate().priority(), p.remote.priority());
        }
        sortCheckList();
    }

    /** The owner calls in after every input: send a paced check if due, nominate, conclude. */
    private void afterInput(long now) {
        lastInputAt = now;
        if (state != IceAgentState.RUNNING) {
            return;
        }
        maybeNominate(now);
        pace(now);
        maybeFail(now);
    }

    private boolean hasWork() {
        if (!triggered.isEmpty()) {
            return true;
        }
        for (PairEntry p : checkList) {
            if (p.state == PairState.WAITING) {
                return true;
            }
        }
        for (PairEntry p : checkList) {
            if (p.state == PairState.FROZEN && !foundationActive(p.foundation())) {
                return true;
            }
        }
        return false;
    }

    private boolean foundationActive(String foundation) {
        for (PairEntry p : checkList) {
            if ((p.state == PairState.WAITING || p.state == PairState.IN_PROGRESS)
                    && p.foundation().equals(foundation)) {
                return true;
            }
        }
        return false;
    }

    private void pace(long now) {
        if (state != IceAgentState.RUNNING || remoteCredentials == null) {
            return;
        }
        if (checkedOnce && now - (lastCheckAt + taNanos) < 0) {
            return;
        }
        PairEntry next = nextPair();
        if (next != null) {
            sendCheck(next, now);
            checkedOnce = true;
            lastCheckAt = now;
        }
    }

    /** §6.1.4.2: a triggered pair first, else the best Waiting pair, unfreezing one per idle foundation if none. */
    private PairEntry nextPair() {
        while (!triggered.isEmpty()) {
            PairEntry p = triggered.poll();
            p.queued = false;
            if (p.inCheckList && (p.state == PairState.WAITING || p.nominating)) {
                return p;
            }
        }
        PairEntry waiting = bestWaiting();
        if (waiting != null) {
            return waiting;
        }
        List<String> unfrozen = new ArrayList<>();
        for (PairEntry p : checkList) {
            if (p.state == PairState.FROZEN && !unfrozen.contains(p.foundation())
                    && !foundationActive(p.foundation())) {
                unfrozen.add(p.foundation());
                setState(p, PairState.WAITING);
            }
        }
        return bestWaiting();
    }

    private PairEntry bestWaiting() {
        for (PairEntry p : checkList) {
            if (p.state == PairState.WAITING) {
                return p;
            }
        }
        return null;
    }

    private void enqueueTriggered(PairEntry p) {
        if (!p.queued) {
            p.queued = true;
            triggered.add(p);
        }
    }

    private void sendCheck(PairEntry p, long now) {
        if (p.current != null) {
            cancel(p.current, now);
            p.current = null;
        }
        boolean useCandidate = p.nominating && role == IceRole.CONTROLLING;
        long prflxPriority = CandidatePriority.candidate(CandidateType.PEER_REFLEXIVE,
                CandidatePriority.localPreferenceOf(p.local.candidate().priority()), COMPONENT);
        byte[] idBytes = new byte[TransactionId.LENGTH];
        random.nextBytes(idBytes);
        TransactionId id = TransactionId.of(idBytes);
        Check check = new Check(id, p, useCandidate, role, prflxPriority, remoteKey);
        ByteBuffer request = CheckMessages.request(id, remoteCredentials.ufrag() + ":" + localCredentials.ufrag(),
                prflxPriority, role, tieBreaker, useCandidate, remoteKey);
        try {
            check.transaction = table.start(request, check.source, check.destination, Transport.UDP, check, now);
        } catch (IllegalStateException | IllegalArgumentException e) {
            log.debug("could not start a check on {}: {}", p, e.toString());
            return;
        }
        checks.put(id, check);
        p.current = check;
        if (!useCandidate) {
            setState(p, PairState.IN_PROGRESS);
        }
    }

    /** §7.3.1.4: no more retransmissions, but a response within the transaction's lifetime still counts. */
    private void cancel(Check check, long now) {
        if (!check.cancelled) {
            table.cancel(check.transaction);
            check.cancelled = true;
            check.forgetAt = check.transaction.startedAt()
                    + config.checkPolicy().udpOffsetNanos(config.checkPolicy().maxRequests());
            if (check.forgetAt - now < 0) {
                check.forgetAt = now;
            }
        }
    }

    private void setState(PairEntry p, PairState to) {
        PairState from = p.state;
        if (from != to) {
            p.state = to;
            events.add(new IceEvent.PairStateChanged(p.pair, from, to));
        }
    }

    // ---------------------------------------------------------------- responses (client side, §7.2.5)

    private void handleResponse(TransportAddress local, InetSocketAddress remote, StunMessage m, long now) {
        Check check = checks.get(m.transactionId());
        if (check == null) {
            return;
        }
        if (!IntegrityCodec.verify(m, check.key)
                || (m.fingerprintIndex() >= 0 && !IntegrityCodec.verifyFingerprint(m))) {
            log.debug("dropped a response from {} that fails MESSAGE-INTEGRITY/FINGERPRINT", remote);
            return; // F7: a forged response neither ends nor fails the check
        }
        checks.remove(check.id);
        if (!check.cancelled) {
            table.cancel(check.transaction);
        }
        PairEntry p = check.pair;
        boolean latest = p.current == check;
        if (latest) {
            p.current = null;
        }
        if (state != IceAgentState.RUNNING || !p.inCheckList) {
            return;
        }
        if (!remote.equals(check.destination) || !local.equals(check.source)) {
            if (p.current == null) {
                checkFailed(check, PairFailureReason.NON_SYMMETRIC_RESPONSE, 0);
            }
            return;
        }
        if (m.isErrorResponse()) {
            ErrorCode error = decodeOrNull(m, ErrorCode.TYPE);
            int code = error == null ? 0 : error.code();
            if (code == ErrorCode.ROLE_CONFLICT) {
                roleConflictResponse(check);
            } else if (p.current == null) {
                checkFailed(check, PairFailureReason.ERROR_RESPONSE, code);
            }
            return;
        }
        XorMappedAddress mapped = decodeOrNull(m, XorMappedAddress.TYPE);
        if (mapped == null) {
            if (p.current == null) {
                checkFailed(check, PairFailureReason.BAD_RESPONSE, 0);
            }
            return;
        }
        checkSucceeded(check, TransportAddress.udp(mapped.address()), now);
    }

    /**
     * An attribute, or null when absent or malformed. Used once the check has left the tables, where an exception
     * would leave its pair In-Progress for ever.
     */
    private static <A> A decodeOrNull(StunMessage m, dev.nat4j.stun.AttributeType<A> type) {
        try {
            return m.get(type);
        } catch (StunParseException e) {
            return null;
        }
    }

    private void roleConflictResponse(Check check) {
        PairEntry p = check.pair;
        if (check.roleSent != role) {
            return; // disputes a role we have already left; its pair was re-queued when we switched
        }
        switchRole(role.opposite());
        tieBreaker = random.nextLong();
        if (nominationInFlight != null && nominationInFlight.generator == p) {
            nominationInFlight = null;
        }
        p.nominating = false;
        // Waiting even if it had succeeded before: the repeat carries the new role, so the peer sees any conflict
        // that remains (without it two agents could both end up controlled, with no check left to tell them).
        setState(p, PairState.WAITING);
        enqueueTriggered(p);
    }

    private void switchRole(IceRole newRole) {
        role = newRole;
        recomputePriorities();
        // Checks still being retransmitted claim the old role: stop them and check their pairs again in the new one,
        // or a late copy could make the peer switch back (or accept a nomination we no longer stand behind).
        for (Check c : List.copyOf(checks.values())) {
            if (!c.cancelled && c.roleSent != newRole) {
                cancel(c, lastInputAt);
                PairEntry p = c.pair;
                if (p.current == c) {
                    p.current = null;
                    if (p.inCheckList && p.state == PairState.IN_PROGRESS) {
                        setState(p, PairState.WAITING);
                    }
                    if (p.inCheckList && !c.useCandidate) {
                        enqueueTriggered(p);
                    }
                }
            }
        }
        if (newRole == IceRole.CONTROLLED) {
            nominationInFlight = null;
            for (PairEntry p : checkList) {
                p.nominating = false;
            }
        }
        events.add(new IceEvent.RoleChanged(newRole));
    }

    private void checkSucceeded(Check check, TransportAddress mapped, long now) {
        PairEntry p = check.pair;
        LocalCandidate validLocal = null;
        for (LocalCandidate l : locals) {
            if (l.address().equals(mapped) && l.base().equals(p.local.base())) {
                validLocal = l;
                break;
            }
        }
        if (validLocal == null) {
            if (locals.size() >= MAX_LOCAL_CANDIDATES) {
                return;
            }
            IceCandidate prflx = new IceCandidate(
                    foundations.of(CandidateType.PEER_REFLEXIVE, p.local.base().ip(), null, Transport.UDP),
                    COMPONENT, check.prioritySent, mapped, CandidateType.PEER_REFLEXIVE,
                    p.local.base().socketAddress());
            validLocal = new LocalCandidate(prflx, p.local.base());
            locals.add(validLocal);
            events.add(new IceEvent.LocalCandidateDiscovered(prflx));
        }
        PairEntry valid = validLocal == p.local ? p : null;
        if (valid == null) {
            valid = checkListPairExact(validLocal, p.remote);
        }
        if (valid == null) {
            for (PairEntry v : validOnly) {
                if (v.local.equals(validLocal) && v.remote.equals(p.remote)) {
                    valid = v;
                }
            }
        }
        if (valid == null) {
            valid = new PairEntry(validLocal, p.remote);
            valid.priority = pairPriority(validLocal.candidate().priority(), p.remote.priority());
            valid.state = PairState.SUCCEEDED;
            validOnly.add(valid);
        }
        valid.valid = true;
        valid.generator = p;
        p.validPair = valid;
        setState(p, PairState.SUCCEEDED);
        if (valid.inCheckList) {
            setState(valid, PairState.SUCCEEDED);
        }
        for (PairEntry other : checkList) {
            if (other.state == PairState.FROZEN && other.foundation().equals(p.foundation())) {
                setState(other, PairState.WAITING);
            }
        }
        if (!validSeen) {
            validSeen = true;
            firstValidAt = now;
        }
        // Only a check sent in the role we still hold may conclude: after a role switch, the answer to a check of
        // the old role says nothing about what the peer now expects.
        if (check.useCandidate && role == IceRole.CONTROLLING && check.roleSent == IceRole.CONTROLLING) {
            p.nominating = false;
            nominationInFlight = null;
            nominate(valid);
        } else if (role == IceRole.CONTROLLED && p.nominateOnSuccess && check.roleSent == IceRole.CONTROLLED) {
            nominate(valid);
        }
    }

    private void checkFailed(Check check, PairFailureReason reason, int code) {
        PairEntry p = check.pair;
        boolean nominationCheck = check.useCandidate || (role == IceRole.CONTROLLED && p.nominateOnSuccess);
        if (nominationCheck && reason == PairFailureReason.TIMEOUT && p.nominationRetries < NOMINATION_RETRIES) {
            // A deviation from §7.2.5.3.4, which fails the check list at once: repeat the nomination a little.
            p.nominationRetries++;
            if (!check.useCandidate) {
                setState(p, PairState.WAITING);
            }
            enqueueTriggered(p);
            return;
        }
        if (check.useCandidate) {
            // §7.2.5.3.4: a failed nomination removes the valid pair; we then try the next best (a deviation from
            // failing the whole check list, which lossy links would make needlessly fragile).
            p.nominating = false;
            if (nominationInFlight != null) {
                nominationInFlight.valid = false;
                nominationInFlight = null;
            }
        }
        if (p.validPair != null && p.state == PairState.SUCCEEDED && !check.useCandidate) {
            return; // an older check of a pair that has since succeeded
        }
        p.failure = new PairFailure(p.pair, reason, code);
        if (p.validPair != null) {
            p.validPair.valid = false;
        }
        setState(p, PairState.FAILED);
    }

    // ---------------------------------------------------------------- nomination and conclusion (§8)

    private boolean nominationWaiting() {
        return state == IceAgentState.RUNNING && role == IceRole.CONTROLLING && nominationInFlight == null
                && bestValid() != null;
    }

    private PairEntry bestValid() {
        PairEntry best = null;
        for (PairEntry p : checkList) {
            if (p.valid && (best == null || CandidatePriority.comparePairs(p.priority, best.priority) > 0)) {
                best = p;
            }
        }
        for (PairEntry p : validOnly) {
            if (p.valid && (best == null || CandidatePriority.comparePairs(p.priority, best.priority) > 0)) {
                best = p;
            }
        }
        return best;
    }

    private void maybeNominate(long now) {
        if (!nominationWaiting()) {
            return;
        }
        PairEntry best = bestValid();
        boolean betterPending = false;
        for (PairEntry p : checkList) {
            if (p.pending() && CandidatePriority.comparePairs(p.priority, best.priority) > 0) {
                betterPending = true;
                break;
            }
        }
        if (betterPending && now - (firstValidAt + config.nominationDelay().toNanos()) < 0) {
            return;
        }
        PairEntry generator = best.generator;
        if (generator == null || !generator.inCheckList) {
            best.valid = false;
            return;
        }
        nominationInFlight = best;
        generator.nominating = true;
        enqueueTriggered(generator);
    }

    private void nominate(PairEntry valid) {
        valid.nominated = true;
        if (selected == null || CandidatePriority.comparePairs(valid.priority, selected.priority) > 0) {
            selected = valid;
            events.add(new IceEvent.SelectedPairChanged(valid.pair));
        }
        if (state == IceAgentState.RUNNING) {
            state = IceAgentState.COMPLETED;
            // §8.1.2: stop checking; outstanding checks get no more retransmissions.
            for (Check c : checks.values()) {
                if (!c.cancelled) {
                    table.cancel(c.transaction);
                    c.cancelled = true;
                    c.forgetAt = c.transaction.startedAt();
                }
            }
            checks.clear();
            triggered.clear();
            for (PairEntry p : checkList) {
                p.queued = false;
                p.current = null;
            }
            lastSentOnSelectedAt = lastInputAt;
            events.add(new IceEvent.Completed(selected.pair));
        }
    }

    /** True when checks are over and only a nomination could still conclude ICE. */
    private boolean checksSettled() {
        if (state != IceAgentState.RUNNING || !endOfLocal || !endOfRemote || !early.isEmpty()
                || !triggered.isEmpty()) {
            return false;
        }
        for (PairEntry p : checkList) {
            if (p.pending()) {
                return false;
            }
        }
        return true;
    }

    private boolean anyValid() {
        for (PairEntry p : checkList) {
            if (p.valid) {
                return true;
            }
        }
        for (PairEntry p : validOnly) {
            if (p.valid) {
                return true;
            }
        }
        return false;
    }

    /**
     * When a controlled agent with valid pairs gives up waiting for a nomination: the controlling agent repeats its
     * nomination for far less than this, so silence this long means it has failed or gone.
     */
    private long nominationWaitDeadline() {
        return (peerChecked ? lastPeerCheckAt : firstValidAt) + checkTimeoutNanos() * (NOMINATION_RETRIES + 2)
                + config.nominationDelay().toNanos();
    }

    private long checkTimeoutNanos() {
        return config.checkPolicy().udpOffsetNanos(config.checkPolicy().maxRequests());
    }

    private boolean waitingForNomination() {
        return role == IceRole.CONTROLLED && checksSettled() && anyValid();
    }

    private void maybeFail(long now) {
        if (!checksSettled()) {
            return;
        }
        if (anyValid() && (role == IceRole.CONTROLLING || now - nominationWaitDeadline() < 0)) {
            return;
        }
        state = IceAgentState.FAILED;
        List<PairFailure> failures = new ArrayList<>();
        for (PairEntry p : checkList) {
            failures.add(p.failure != null ? p.failure
                    : new PairFailure(p.pair, PairFailureReason.TIMEOUT, 0));
        }
        events.add(new IceEvent.Failed(failures));
    }

    // ---------------------------------------------------------------- requests (server side, §7.3)

    private static final int[] UNDERSTOOD = {Username.CODE, MessageIntegrity.CODE, MessageIntegritySha256.CODE,
            Fingerprint.CODE, Priority.CODE, UseCandidate.CODE, IceControlled.CODE, IceControlling.CODE};

    private static boolean understood(int code) {
        for (int u : UNDERSTOOD) {
            if (u == code) {
                return true;
            }
        }
        return false;
    }

    private void handleRequest(TransportAddress local, InetSocketAddress remote, StunMessage m, long now) {
        TransactionId id = m.transactionId();
        if (!IntegrityCodec.verifyFingerprint(m)) {
            log.debug("dropped a request from {} without a valid FINGERPRINT", remote);
            return; // §7.3: FINGERPRINT is mandatory; without it this is not meant for ICE
        }
        Username username;
        try {
            username = m.get(Username.TYPE);
        } catch (StunParseException e) {
            username = null;
        }
        if (username == null || (m.integrityIndex() < 0 && m.integritySha256Index() < 0)) {
            respond(local, remote, CheckMessages.error(id, ErrorCode.BAD_REQUEST, null, null));
            return;
        }
        String name = username.value();
        int colon = name.indexOf(':');
        if (colon < 0 || !name.substring(0, colon).equals(localCredentials.ufrag())
                || !IntegrityCodec.verify(m, localKey)) {
            respond(local, remote, CheckMessages.error(id, ErrorCode.UNAUTHENTICATED, null, null));
            return;
        }
        int[] unknown = m.unknownComprehensionRequired(IceAgent::understood);
        if (unknown.length > 0) {
            respond(local, remote, CheckMessages.error(id, ErrorCode.UNKNOWN_ATTRIBUTE, unknown, localKey));
            return;
        }
        Priority priority;
        IceControlling controlling;
        IceControlled controlled;
        try {
            priority = m.get(Priority.TYPE);
            controlling = m.get(IceControlling.TYPE);
            controlled = m.get(IceControlled.TYPE);
        } catch (StunParseException e) {
            priority = null;
            controlling = null;
            controlled = null;
        }
        if (priority == null) {
            respond(local, remote, CheckMessages.error(id, ErrorCode.BAD_REQUEST, null, localKey));
            return;
        }
        // §7.3.1.1: repair a role conflict; tie-breakers are unsigned. Once ICE has concluded, roles are settled:
        // a late request sent before the peer switched must not flip ours.
        if (state != IceAgentState.RUNNING) {
            controlling = null;
            controlled = null;
        }
        if (role == IceRole.CONTROLLING && controlling != null) {
            if (Long.compareUnsigned(tieBreaker, controlling.tieBreaker()) >= 0) {
                respond(local, remote, CheckMessages.error(id, ErrorCode.ROLE_CONFLICT, null, localKey));
                return;
            }
            switchRole(IceRole.CONTROLLED);
        } else if (role == IceRole.CONTROLLED && controlled != null) {
            if (Long.compareUnsigned(tieBreaker, controlled.tieBreaker()) < 0) {
                respond(local, remote, CheckMessages.error(id, ErrorCode.ROLE_CONFLICT, null, localKey));
                return;
            }
            switchRole(IceRole.CONTROLLING);
        }
        respond(local, remote, CheckMessages.success(id, remote, localKey));
        peerChecked = true;
        lastPeerCheckAt = now;
        boolean useCandidate = m.has(UseCandidate.CODE);
        String remoteUfrag = name.substring(colon + 1);
        if (remoteCredentials == null) {
            if (early.size() < MAX_EARLY_CHECKS) {
                early.add(new EarlyCheck(local, remote, priority.priority(), useCandidate, remoteUfrag));
            }
            return;
        }
        if (!remoteUfrag.equals(remoteCredentials.ufrag())) {
            return; // another session's peer (forking, or a stale restart): answered, but no state
        }
        acceptCheck(local, remote, priority.priority(), useCandidate);
    }

    /** §7.3.1.3 to §7.3.1.5 for an authenticated check we answered with success. */
    private void acceptCheck(TransportAddress local, InetSocketAddress source, long priority, boolean useCandidate) {
        LocalCandidate host = hostFor(local);
        if (host == null) {
            return;
        }
        if (state == IceAgentState.COMPLETED) {
            // §8.1.2: keep answering; a further nomination of a succeeded pair may still raise the selection.
            PairEntry p = checkListPair(local, TransportAddress.udp(source));
            if (useCandidate && role == IceRole.CONTROLLED && p != null && p.state == PairState.SUCCEEDED
                    && p.validPair != null) {
                nominate(p.validPair);
            }
            return;
        }
        if (state != IceAgentState.RUNNING) {
            return;
        }
        TransportAddress sourceAddress = TransportAddress.udp(source);
        IceCandidate remote = remoteAt(sourceAddress);
        if (remote == null) {
            if (remotes.size() >= config.maxRemoteCandidates()) {
                return;
            }
            remote = new IceCandidate("rprflx" + (++remotePrflxCounter), COMPONENT, priority, sourceAddress,
                    CandidateType.PEER_REFLEXIVE, null);
            remotes.add(remote);
            events.add(new IceEvent.RemoteCandidateDiscovered(remote));
        }
        PairEntry p = checkListPair(local, sourceAddress);
        if (p == null) {
            addPair(host, remote);
            p = checkListPair(local, sourceAddress);
            if (p == null) {
                return; // refused by the cap on pairs
            }
        }
        if (p.state != PairState.SUCCEEDED) {
            setState(p, PairState.WAITING);
            enqueueTriggered(p);
        }
        if (useCandidate && role == IceRole.CONTROLLED) {
            if (p.state == PairState.SUCCEEDED && p.validPair != null && p.validPair.valid) {
                nominate(p.validPair);
            } else {
                p.nominateOnSuccess = true;
            }
        }
    }

    private void respond(TransportAddress local, InetSocketAddress remote, ByteBuffer message) {
        transmits.add(new Transmit(local, remote, message));
    }

    // ---------------------------------------------------------------- data

    private void handleData(TransportAddress local, InetSocketAddress remote, ByteBuffer payload) {
        TransportAddress from = TransportAddress.udp(remote);
        if (isValidPath(local, from, checkList) || isValidPath(local, from, validOnly)) {
            byte[] data = new byte[payload.remaining()];
            payload.get(payload.position(), data);
            events.add(new IceEvent.DataReceived(local, remote, data));
        } else {
            log.debug("dropped a datagram from {}: not on a valid pair", remote);
        }
    }

    private static boolean isValidPath(TransportAddress local, TransportAddress remote, List<PairEntry> pairs) {
        for (PairEntry p : pairs) {
            if (p.valid && p.local.base().equals(local) && p.remote.address().equals(remote)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- lookups

    private LocalCandidate hostFor(TransportAddress base) {
        for (LocalCandidate l : locals) {
            if (l.candidate().type() == CandidateType.HOST && l.base().equals(base)) {
                return l;
            }
        }
        return null;
    }

    private boolean hasLocalPriority(long priority) {
        for (LocalCandidate l : locals) {
            if (l.candidate().priority() == priority) {
                return true;
            }
        }
        return false;
    }

    private IceCandidate remoteAt(TransportAddress address) {
        for (IceCandidate r : remotes) {
            if (r.address().equals(address)) {
                return r;
            }
        }
        return null;
    }

    private PairEntry checkListPair(TransportAddress base, TransportAddress remote) {
        for (PairEntry p : checkList) {
            if (p.local.base().equals(base) && p.remote.address().equals(remote)) {
                return p;
            }
        }
        return null;
    }

    private PairEntry checkListPairExact(LocalCandidate local, IceCandidate remote) {
        for (PairEntry p : checkList) {
            if (p.local.equals(local) && p.remote.equals(remote)) {
                return p;
            }
        }
        return null;
    }

    private static boolean isLinkLocal(InetAddress ip) {
        return ip instanceof Inet6Address && ip.isLinkLocalAddress();
    }

    private static void requireUdp(TransportAddress address) {
        if (address.transport() != Transport.UDP) {
            throw new IllegalArgumentException("only UDP candidates are supported: " + address);
        }
    }

    /** The earlier of two deadlines, where {@link #NO_TIMEOUT} means none (wrap-safe like nanoTime). */
    private static long earliest(long a, long b) {
        if (a == NO_TIMEOUT) {
            return b;
        }
        if (b == NO_TIMEOUT) {
            return a;
        }
        return a - b <= 0 ? a : b;
    }
}
