package dev.nat4j.core.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A deterministic, discrete-event UDP network in virtual time, in which real sans-IO {@link dev.nat4j.core.Engine}s
 * talk through simulated NAT routers (RFC 4787) and impaired links.
 *
 * <p>Virtual time is a {@code long} of nanoseconds starting at 0. The run methods jump straight to the next scheduled
 * datagram, callback or engine deadline, so a 30-second timeout costs microseconds. Every random choice (link loss,
 * jitter, duplication, reordering, NAT port choice) comes from one {@link SplittableRandom} seeded at construction:
 * the same seed and the same test give the same run, event for event. {@link #describe()} (also {@code toString()})
 * names the seed, and failures raised by the network carry it; add {@link SimSeedReporter} to a test class to have the
 * seed printed whenever a test fails.
 *
 * <p>Topology: {@link #internet()} is the public segment. {@link #addLan} puts a private LAN behind one or more NAT
 * routers (named after the NAT lab's modes, see {@link NatKind}); hosts get addresses automatically (internet:
 * 203.0.113.0/24 then 198.51.100.0/24; home LANs 192.168.k.0/24; carrier-grade LANs 100.64.k.0/24) or explicit ones.
 * A host runs engines on bound ports; the network feeds them datagrams and timeouts and drains
 * {@code pollTransmit()}/{@code pollEvent()} after every call. Payloads are copied when sent.
 *
 * <pre>{@code
 * SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(42));     // -Dnat4j.sim.seed=... replays a failure
 * SimHost server = net.internet().addHost("stun", "192.0.2.1", "192.0.2.2");   // two public IPs for RFC 5780
 * server.attach(new EchoEngine(), 3478, 3479);                         // 4 sockets: both IPs x both ports
 *
 * SimHost alice = net.addLan("alice", NatKind.PORT_RESTRICTED_CONE).addHost("alice");   // 192.168.1.2
 * EchoEngine client = new EchoEngine();
 * SimEndpoint<EchoEngine.Received> ep = alice.attach(client, 40000);
 * net.execute(() -> client.send(null, server.socket(3478), "ASK t1"));  // null source: the first socket
 * net.awaitOrFail(() -> EchoEngine.seen(ep, "t1").isPresent(), Duration.ofSeconds(5), "reflexive address");
 * InetSocketAddress mapped = EchoEngine.seen(ep, "t1").get();          // 203.0.113.1:40000
 * }</pre>
 *
 * <p>Engines are called only from the run methods and {@link #execute}/{@link #at} callbacks, with {@link #now()} as
 * their clock. Not thread-safe: one test thread drives a network.
 */
public final class SimNetwork {
    private static final int RECENT_LIMIT = 16;
    private static final ThreadLocal<ArrayDeque<SimNetwork>> RECENT = ThreadLocal.withInitial(ArrayDeque::new);
    private static final long STALL_LIMIT = 1_000_000;
    private static final int TRACE_LIMIT = 1_000_000;

    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final SimStats stats = new SimStats();
    private final List<SimEndpoint<?>> endpoints = new ArrayList<>();
    private final Map<String, SimHost> hostsByName = new LinkedHashMap<>();
    private final Map<String, SimRouter> routersByName = new LinkedHashMap<>();
    private final SimSegment internet;
    private long sequence;
    private long now;
    private long maxStepsPerRun = 50_000_000;
    private Link defaultLink = Link.DEFAULT;
    private int nextHomeLan = 1;
    private int nextCarrierLan = 1;
    private List<String> trace;
    private Consumer<String> traceListener;

    /** A network whose randomness is fully determined by {@code seed}. */
    public SimNetwork(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.internet = new SimSegment(this, "internet", null, new int[][] {{203, 0, 113}, {198, 51, 100}});
        ArrayDeque<SimNetwork> recent = RECENT.get();
        if (recent.size() >= RECENT_LIMIT) {
            recent.removeFirst();
        }
        recent.addLast(this);
    }

    /**
     * The seed from system property {@code nat4j.sim.seed} (decimal or {@code 0x} hex) when set, else
     * {@code fallback}: lets a failing run be replayed without editing the test.
     */
    public static long seedFromProperty(long fallback) {
        String text = System.getProperty("nat4j.sim.seed");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        text = text.trim();
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** The networks created on this thread since {@link #forgetRecent()} (at most 16): read by the seed reporter. */
    static List<SimNetwork> recent() {
        return List.copyOf(RECENT.get());
    }

    static void forgetRecent() {
        RECENT.get().clear();
    }

    // ---------------------------------------------------------------- topology

    /** The public segment. */
    public SimSegment internet() {
        return internet;
    }

    /**
     * A new private LAN behind the routers of {@code kind} (two for {@link NatKind#DOUBLE_NAT}: {@code name-cgn} on
     * the internet and {@code name-home} behind it; otherwise one router called {@code name}).
     *
     * @return the LAN nearest the hosts; {@code lan.router()} is the router in front of it
     */
    public SimSegment addLan(String name, NatKind kind) {
        return addLan(name, kind.routers().toArray(NatProfile[]::new));
    }

    /**
     * A new private LAN behind a chain of routers, listed from the internet inwards. All but the last get a
     * carrier-grade LAN in 100.64.0.0/10 and are named {@code name-cgn}, {@code name-cgn2}...; the last gets a home LAN
     * (and is called {@code name-home}, or just {@code name} when it is the only one).
     */
    public SimSegment addLan(String name, NatProfile... outsideIn) {
        if (outsideIn.length == 0) {
            throw new IllegalArgumentException("at least one router");
        }
        SimSegment segment = internet;
        for (int i = 0; i < outsideIn.length; i++) {
            boolean last = i == outsideIn.length - 1;
            if (last) {
                segment = segment.addRouter(outsideIn.length == 1 ? name : name + "-home", outsideIn[i]).lan();
            } else {
                segment = segment.addCarrierRouter(name + "-cgn" + (i == 0 ? "" : String.valueOf(i + 1)),
                        outsideIn[i]).lan();
            }
        }
        return segment;
    }

    /** The host called {@code name}. */
    public SimHost host(String name) {
        SimHost host = hostsByName.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host " + name);
        }
        return host;
    }

    /** The router called {@code name}. */
    public SimRouter router(String name) {
        SimRouter router = routersByName.get(name);
        if (router == null) {
            throw new IllegalArgumentException("no router " + name);
        }
        return router;
    }

    /** The link given to hosts and routers created from now on. */
    public SimNetwork defaultLink(Link link) {
        this.defaultLink = java.util.Objects.requireNonNull(link, "link");
        return this;
    }

    /** The link given to hosts and routers created from now on ({@link Link#DEFAULT} unless changed). */
    public Link defaultLink() {
        return defaultLink;
    }

    // ---------------------------------------------------------------- time and running

    /** The seed this network was built with. */
    public long seed() {
        return seed;
    }

    /** Current virtual time in nanoseconds (starts at 0). */
    public long now() {
        return now;
    }

    /** The network's single random source, for tests and engines that need randomness tied to the seed. */
    public SplittableRandom random() {
        return random;
    }

    /** Counters of sent, delivered, duplicated and dropped datagrams. */
    public SimStats stats() {
        return stats;
    }

    /** Fails a run after this many events and timer firings (default 50 million): a guard against endless storms. */
    public SimNetwork maxStepsPerRun(long steps) {
        this.maxStepsPerRun = steps;
        return this;
    }

    /** Runs {@code action} at absolute virtual time {@code time}, then drains every engine. */
    public void at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " is in the past (now " + now + ")");
        }
        schedule(time, () -> {
            action.run();
            drainAll();
        });
    }

    /** Runs {@code action} after {@code delay} of virtual time, then drains every engine. */
    public void after(Duration delay, Runnable action) {
        at(plus(now, delay), action);
    }

    /**
     * Runs {@code action} now (use it to call an engine directly, e.g. to start a transaction at {@link #now()}), then
     * drains every engine so what it queued is sent.
     */
    public void execute(Runnable action) {
        action.run();
        drainAll();
    }

    /**
     * Advances virtual time until {@code condition} holds (checked after every step) or {@code limit} of virtual time
     * has passed; in the latter case the clock stops exactly at the limit.
     *
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration limit) {
        return run(condition, plus(now, limit));
    }

    /** Advances virtual time by exactly {@code duration}, processing everything due on the way. */
    public void runFor(Duration duration) {
        run(() -> false, plus(now, duration));
    }

    /**
     * Runs until nothing is in flight and no engine has a deadline, or {@code limit} passes.
     *
     * @return true when the network went idle
     */
    public boolean runUntilIdle(Duration limit) {
        return run(this::isIdle, plus(now, limit));
    }

    /**
     * As {@link #runUntil}, but throws an {@link AssertionError} naming {@code what}, the seed, the time and the
     * counters (and the end of the trace, when tracing) when the condition is not reached in time.
     */
    public void awaitOrFail(BooleanSupplier condition, Duration limit, String what) {
        if (!runUntil(condition, limit)) {
            throw new AssertionError("not reached within " + limit + " of virtual time: " + what + " — " + describe()
                    + traceTail(30));
        }
    }

    /** True when no datagram or callback is scheduled and no engine has a deadline. */
    public boolean isIdle() {
        return queue.isEmpty() && earliestDeadline() == Long.MAX_VALUE;
    }

    private boolean run(BooleanSupplier condition, long deadline) {
        drainAll();
        if (condition.getAsBoolean()) {
            return true;
        }
        long steps = 0;
        long stalled = 0;
        while (true) {
            long nextEvent = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().time;
            long nextTimer = earliestDeadline();
            long next = Math.min(nextEvent, nextTimer);
            if (next == Long.MAX_VALUE || next > deadline) {
                if (deadline != Long.MAX_VALUE) {
                    now = Math.max(now, deadline);
                }
                return condition.getAsBoolean();
            }
            if (next > now) {
                now = next;
                stalled = 0;
            } else if (++stalled > STALL_LIMIT) {
                throw new SimulationException("virtual time stopped advancing (an engine keeps returning a past"
                        + " deadline, or a zero-latency storm) — " + describe(), null);
            }
            if (nextEvent <= nextTimer) {
                queue.poll().action.run();
            } else {
                fireDueTimers();
            }
            if (condition.getAsBoolean()) {
                return true;
            }
            if (++steps > maxStepsPerRun) {
                throw new SimulationException("more than " + maxStepsPerRun + " steps in one run — " + describe(),
                        null);
            }
        }
    }

    private long earliestDeadline() {
        long earliest = Long.MAX_VALUE;
        for (SimEndpoint<?> endpoint : endpoints) {
            earliest = Math.min(earliest, endpoint.deadline());
        }
        return earliest;
    }

    private void fireDueTimers() {
        // Copy: a timeout may attach or close endpoints.
        for (SimEndpoint<?> endpoint : List.copyOf(endpoints)) {
            if (endpoint.deadline() <= now) {
                endpoint.timeout(now);
            }
        }
    }

    private void drainAll() {
        for (SimEndpoint<?> endpoint : List.copyOf(endpoints)) {
            endpoint.drain();
        }
    }

    private static long plus(long time, Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("negative duration " + delta);
        }
        long nanos;
        try {
            nanos = delta.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long sum = time + nanos;
        return sum < time ? Long.MAX_VALUE : sum;
    }

    // ---------------------------------------------------------------- tracing and reporting

    /** Starts recording a line per network action (send, link drop/duplicate, NAT map/translate/drop, delivery). */
    public SimNetwork enableTrace() {
        if (trace == null) {
            trace = new ArrayList<>();
        }
        return this;
    }

    /** Also hands every trace line to {@code listener} (e.g. {@code System.out::println}); enables tracing. */
    public SimNetwork traceTo(Consumer<String> listener) {
        enableTrace();
        this.traceListener = listener;
        return this;
    }

    /** The trace so far (empty unless enabled); capped at a million lines. */
    public List<String> trace() {
        return trace == null ? List.of() : Collections.unmodifiableList(trace);
    }

    boolean tracing() {
        return trace != null;
    }

    /** Records a trace line; the text is only built when tracing is on (this sits on the per-datagram path). */
    void trace(Supplier<String> text) {
        if (trace == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "%12.6fms %s", now / 1e6, text.get());
        if (trace.size() < TRACE_LIMIT) {
            trace.add(line);
        }
        if (traceListener != null) {
            traceListener.accept(line);
        }
    }

    /** Seed, virtual time and counters in one line: put it in assertion messages. */
    public String describe() {
        return String.format(Locale.ROOT, "SimNetwork[seed=%d (0x%x; replay with -Dnat4j.sim.seed=%d), t=%.6fms, %s]",
                seed, seed, seed, now / 1e6, stats);
    }

    /** The last {@code lines} trace lines, one per line with a heading, or "" when not tracing. */
    public String traceTail(int lines) {
        if (trace == null || trace.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n  last trace lines:");
        for (String line : trace.subList(Math.max(0, trace.size() - lines), trace.size())) {
            out.append("\n    ").append(line);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---------------------------------------------------------------- internals used by the parts

    void schedule(long time, Runnable action) {
        queue.add(new Scheduled(time, sequence++, action));
    }

    /** Sends a datagram into the host's segment across the host's link. */
    void sendFrom(SimHost host, SimDatagram datagram) {
        stats.countSent();
        trace(() -> host.name() + ": send " + datagram);
        if (datagram.source().getAddress().getClass() != datagram.destination().getAddress().getClass()) {
            // An IPv4 socket cannot reach an IPv6 address (and vice versa): an engine pairing them has a bug.
            drop(DropReason.NO_ROUTE, datagram, host.name() + " (address family mismatch)");
            return;
        }
        cross(host.link(), datagram, host.name(), d -> host.segment().route(d, false));
    }

    /** Puts a datagram on a segment as if it had just appeared on the wire there. */
    void inject(SimSegment segment, SimDatagram datagram) {
        stats.countSent();
        trace(() -> segment.name() + ": inject " + datagram);
        segment.route(datagram, false);
    }

    /** Carries a datagram across one link: MTU, loss, duplication, then delay (latency + jitter + reorder hold). */
    void cross(Link link, SimDatagram datagram, String where, Consumer<SimDatagram> arrival) {
        if (datagram.ipSize() > link.mtu()) {
            drop(DropReason.MTU_EXCEEDED, datagram, where + " (ip size " + datagram.ipSize() + " > mtu " + link.mtu()
                    + ")");
            return;
        }
        if (link.loss() > 0 && random.nextDouble() < link.loss()) {
            drop(DropReason.LINK_LOSS, datagram, where);
            return;
        }
        int copies = 1;
        if (link.duplicate() > 0 && random.nextDouble() < link.duplicate()) {
            copies = 2;
            stats.countDuplicated();
            trace(() -> where + ": duplicate " + datagram);
        }
        for (int i = 0; i < copies; i++) {
            long delay = link.latency().toNanos();
            long jitter = link.jitter().toNanos();
            if (jitter > 0) {
                delay += random.nextLong(jitter + 1);
            }
            if (link.reorder() > 0 && random.nextDouble() < link.reorder()) {
                delay += link.reorderDelay().toNanos();
            }
            schedule(now + delay, () -> arrival.accept(datagram));
        }
    }

    void drop(DropReason reason, SimDatagram datagram, String where) {
        stats.countDropped(reason);
        trace(() -> where + ": drop " + reason + " " + datagram);
    }

    void delivered(String where, SimDatagram datagram) {
        stats.countDelivered();
        trace(() -> where + ": deliver " + datagram);
    }

    void register(SimEndpoint<?> endpoint) {
        endpoints.add(endpoint);
    }

    void unregister(SimEndpoint<?> endpoint) {
        endpoints.remove(endpoint);
    }

    void register(SimHost host) {
        if (hostsByName.putIfAbsent(host.name(), host) != null) {
            throw new IllegalArgumentException("duplicate host name " + host.name());
        }
    }

    void register(SimRouter router) {
        if (routersByName.putIfAbsent(router.name(), router) != null) {
            throw new IllegalArgumentException("duplicate router name " + router.name());
        }
    }

    int nextHomeLan() {
        if (nextHomeLan > 254) {
            throw new IllegalStateException("too many home LANs");
        }
        return nextHomeLan++;
    }

    int nextCarrierLan() {
        if (nextCarrierLan > 254) {
            throw new IllegalStateException("too many carrier LANs");
        }
        return nextCarrierLan++;
    }

    /** Wraps an engine's exception with where and when it happened, and the seed. */
    SimulationException engineFailed(String where, RuntimeException e) {
        return new SimulationException("engine on " + where + " threw at t=" + now + "ns — " + describe(), e);
    }

    private record Scheduled(long time, long order, Runnable action) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
