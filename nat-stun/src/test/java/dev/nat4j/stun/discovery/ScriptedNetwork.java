package dev.nat4j.stun.discovery;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.XorMappedAddress;

/**
 * A hand-written script of a NAT and a STUN server around one {@link NatDiscoveryEngine}, on explicit virtual time
 * with zero latency: every request is answered (or not) the moment it is sent, and time only moves to the engine's own
 * deadlines. Each test states the behaviour it wants with a few fields; the simulated network tests do the real thing.
 */
final class ScriptedNetwork {
    static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 3478);
    static final InetSocketAddress OTHER = new InetSocketAddress("192.0.2.2", 3479);
    static final TransportAddress FIRST = TransportAddress.udp(new InetSocketAddress("10.0.0.2", 5000));
    static final TransportAddress SECOND = TransportAddress.udp(new InetSocketAddress("10.0.0.2", 5001));
    static final String PUBLIC_IP = "198.51.100.1";

    /** A sent datagram and when. */
    record Sent(long at, Transmit transmit, StunMessage message) {}

    /** What the NAT does: the mapping for (local, destination), or the local address itself for no NAT. */
    BiFunction<TransportAddress, InetSocketAddress, InetSocketAddress> mapping = (local, dest) ->
            new InetSocketAddress(PUBLIC_IP, local.port() + 1000);
    /** Whether a datagram from {@code from} may reach {@code local}, given where {@code local} has sent. */
    FilterRule filter = (contacted, from) -> true;
    boolean hairpinning;
    boolean udpBlocked;
    boolean serverSendsOtherAddress = true;
    boolean serverHonoursChangeRequest = true;
    int serverChangeRequestError;
    int serverBindingError;

    /** A NAT filter as a predicate. */
    interface FilterRule {
        boolean admits(Set<InetSocketAddress> contacted, InetSocketAddress from);
    }

    static final FilterRule EIF = (contacted, from) -> true;
    static final FilterRule ADF = (contacted, from) -> contacted.stream()
            .anyMatch(c -> c.getAddress().equals(from.getAddress()));
    static final FilterRule APDF = (contacted, from) -> contacted.contains(from);

    final List<Sent> sent = new ArrayList<>();
    final List<DiscoveryEvent> events = new ArrayList<>();
    private final Map<TransportAddress, Set<InetSocketAddress>> contacted = new HashMap<>();
    long now = 1_000_000_000L; // any origin: the engine must only use differences

    /** Runs the engine to its end (bounded in steps and virtual time) and returns its last event. */
    DiscoveryEvent run(NatDiscoveryEngine engine, TransportAddress second) {
        long start = now;
        engine.start(FIRST, second, now);
        drain(engine);
        for (int steps = 0; steps < 10_000 && !engine.isDone(); steps++) {
            long wake = engine.pollTimeout();
            if (wake == Engine.NO_TIMEOUT || wake - start > Duration.ofMinutes(30).toNanos()) {
                throw new AssertionError("engine stalled: " + engine + " events " + events);
            }
            now = Math.max(now, wake);
            engine.handleTimeout(now);
            drain(engine);
        }
        return events.get(events.size() - 1);
    }

    private void drain(NatDiscoveryEngine engine) {
        for (int i = 0; i < 1000; i++) {
            Transmit t = engine.pollTransmit();
            DiscoveryEvent e = engine.pollEvent();
            if (e != null) {
                events.add(e);
            }
            if (t == null) {
                if (e == null) {
                    return;
                }
                continue;
            }
            byte[] bytes = new byte[t.payload().remaining()];
            t.payload().duplicate().get(bytes);
            sent.add(new Sent(now, t, StunMessage.parse(ByteBuffer.wrap(bytes))));
            deliver(engine, t.source(), t.destination(), bytes);
        }
        throw new AssertionError("engine never stops producing output");
    }

    private void deliver(NatDiscoveryEngine engine, TransportAddress local, InetSocketAddress dest, byte[] bytes) {
        if (udpBlocked) {
            return;
        }
        contacted.computeIfAbsent(local, k -> new HashSet<>()).add(dest);
        InetSocketAddress mapped = mapping.apply(local, dest);
        StunMessage request = StunMessage.parse(ByteBuffer.wrap(bytes));
        // Hairpinning: a datagram to one of our own mapped addresses.
        for (TransportAddress target : List.of(FIRST, SECOND)) {
            if (dest.equals(target.socketAddress()) || dest.equals(mapping.apply(target, SERVER))) {
                boolean direct = dest.equals(target.socketAddress());
                if ((direct || hairpinning) && admits(target, mapped)) {
                    engine.handleDatagram(target, mapped, ByteBuffer.wrap(bytes), now);
                }
                return;
            }
        }
        if (!dest.getAddress().equals(SERVER.getAddress()) && !dest.getAddress().equals(OTHER.getAddress())) {
            return; // nobody there
        }
        ChangeRequest change = request.get(ChangeRequest.TYPE);
        ByteBuffer out = ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE);
        StunWriter w = new StunWriter(out);
        InetSocketAddress from = dest;
        if (serverBindingError != 0) {
            w.start(StunMethod.BINDING, MessageClass.ERROR_RESPONSE, request.transactionId())
                    .add(new ErrorCode(serverBindingError, "no"));
        } else if (change != null && serverChangeRequestError != 0) {
            w.start(StunMethod.BINDING, MessageClass.ERROR_RESPONSE, request.transactionId())
                    .add(new ErrorCode(serverChangeRequestError, ""));
        } else {
            if (change != null && serverHonoursChangeRequest) {
                boolean onPrimaryIp = dest.getAddress().equals(SERVER.getAddress());
                boolean onPrimaryPort = dest.getPort() == SERVER.getPort();
                from = new InetSocketAddress(
                        change.changeIp() == onPrimaryIp ? OTHER.getAddress() : SERVER.getAddress(),
                        change.changePort() == onPrimaryPort ? OTHER.getPort() : SERVER.getPort());
            }
            w.start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, request.transactionId())
                    .add(new XorMappedAddress(mapped));
            if (serverSendsOtherAddress) {
                w.add(new OtherAddress(OTHER));
            }
        }
        ByteBuffer response = w.finish();
        if (admits(local, from)) {
            engine.handleDatagram(local, from, response, now);
        }
    }

    private boolean admits(TransportAddress local, InetSocketAddress from) {
        return filter.admits(contacted.getOrDefault(local, Set.of()), from);
    }

    List<DiscoveryProgress> progress() {
        return events.stream().filter(e -> e instanceof DiscoveryProgress).map(e -> (DiscoveryProgress) e).toList();
    }

    NatReport report(DiscoveryEvent last) {
        if (last instanceof DiscoveryFinished f) {
            return f.report();
        }
        throw new AssertionError("discovery did not finish: " + last + " " + events);
    }
}
