package dev.nat4j.core.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small internet on this machine, built from Linux network namespaces, veth pairs, iptables NAT rules (nf_tables
 * backend) and link impairments: the place where STUN, TURN and ICE code meets real kernel NATs.
 *
 * <pre>
 *   server 203.0.113.1 + .2 ──┐                       ┌── a-router ── a-host 10.1.0.10
 *   public 198.51.100.2 ──────┤ internet (core router)├── b-router ── b-host 10.2.0.10
 *                             │  default route → void └── c-carrier ── c-router ── c-host   (DOUBLE_NAT)
 * </pre>
 *
 * <ul>
 *   <li>{@link #server()}: two public addresses {@code 203.0.113.1} and {@code 203.0.113.2} (RFC 5780 needs two).
 *   <li>{@link #publicHost()}: {@code 198.51.100.2}, no NAT.
 *   <li>{@link #lan(String)}: each LAN is one host behind its own router with a selectable {@link NatMode}.
 *   <li>Every link runs through a small bridge namespace where {@link LabLink#impair} adds delay, jitter, loss or
 *       reordering: {@code tc netem} where the kernel has it, else a userspace delay line (see {@link LabLink}).
 *   <li>The internet namespace's default route leads into a veth whose peer is down, so packets to addresses that
 *       exist nowhere in the lab vanish silently, as on the real internet, instead of failing at once with
 *       "Network is unreachable" (which makes coturn 4.6.1 drop whole TURN allocations).
 * </ul>
 *
 * <p>All addresses are documentation or private ranges that exist only inside the lab; nothing is routed to the real
 * network and the root namespace is never touched. IPv6 is switched off inside the lab. Namespace names are
 * {@code n4j-<pid>-<n>-<node>}; {@link #close()} removes every namespace (with its veths) and kills every process in
 * them, and a shutdown hook does the same if the test never gets there. Building a lab first removes namespaces left
 * behind by a dead JVM (its PID no longer alive). Needs root.
 *
 * <pre>{@code
 * try (NatLab lab = NatLab.builder()
 *         .lan("a", NatMode.PORT_RESTRICTED_CONE)
 *         .lan("b", NatMode.SYMMETRIC)
 *         .build()) {
 *     LabProcess server = lab.server().java(MyStunServerMain.class,
 *             lab.server().addresses().get(0).getHostAddress(), lab.server().addresses().get(1).getHostAddress());
 *     LabProcess check = lab.lan("a").host().run(Duration.ofSeconds(30),
 *             "turnutils_natdiscovery", "-m", "203.0.113.1");
 *     lab.lan("b").setMode(NatMode.FULL_CONE);
 *     lab.lan("a").uplink().impair(Impairment.delay(Duration.ofMillis(50)));
 * }
 * }</pre>
 */
public final class NatLab implements AutoCloseable {
    private static final AtomicInteger LAB_COUNTER = new AtomicInteger();
    private static final int MAX_LANS = 30;

    private final String prefix;
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final Set<LabProcess> processes = ConcurrentHashMap.newKeySet();
    private final Map<String, LabLan> lans = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private LabNode internet;
    private LabNode server;
    private LabNode publicHost;

    private NatLab() {
        this.prefix = LabNamespaces.PREFIX + ProcessHandle.current().pid() + "-" + LAB_COUNTER.incrementAndGet() + "-";
        this.shutdownHook = new Thread(this::closeQuietly, "nat-lab-cleanup-" + prefix);
    }

    /** Starts describing a lab. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Describes the LANs of a lab; the server, the public host and the internet core are always there.
     *
     * <pre>{@code
     * NatLab lab = NatLab.builder().lan("a", NatMode.FULL_CONE, true).lan("b", NatMode.DOUBLE_NAT).build();
     * }</pre>
     */
    public static final class Builder {
        private final Map<String, NatMode> modes = new LinkedHashMap<>();
        private final Map<String, Boolean> hairpins = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a LAN named {@code name} (1-8 lowercase letters or digits) with hairpinning off. */
        public Builder lan(String name, NatMode mode) {
            return lan(name, mode, false);
        }

        /** Adds a LAN; {@code hairpinning} takes effect only in modes that support it. */
        public Builder lan(String name, NatMode mode, boolean hairpinning) {
            if (!name.matches("[a-z0-9]{1,8}")) {
                throw new IllegalArgumentException("LAN name must be 1-8 of [a-z0-9]: " + name);
            }
            if (modes.containsKey(name)) {
                throw new IllegalArgumentException("duplicate LAN " + name);
            }
            if (modes.size() == MAX_LANS) {
                throw new IllegalArgumentException("at most " + MAX_LANS + " LANs");
            }
            modes.put(name, java.util.Objects.requireNonNull(mode, "mode"));
            hairpins.put(name, hairpinning);
            return this;
        }

        /**
         * Builds the lab; with no LAN described, two port-restricted LANs {@code a} and {@code b}. On failure
         * everything built so far is removed again.
         *
         * @throws LabException if a command fails (not root, iptables missing...)
         */
        public NatLab build() {
            if (modes.isEmpty()) {
                lan("a", NatMode.PORT_RESTRICTED_CONE);
                lan("b", NatMode.PORT_RESTRICTED_CONE);
            }
            LabNamespaces.sweepStale();
            NatLab lab = new NatLab();
            Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
            try {
                lab.buildCore();
                int index = 0;
                for (Map.Entry<String, NatMode> lan : modes.entrySet()) {
                    lab.buildLan(lan.getKey(), index++, lan.getValue(), hairpins.get(lan.getKey()));
                }
                return lab;
            } catch (RuntimeException e) {
                try {
                    lab.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- the nodes

    /** The server with two public addresses ({@code 203.0.113.1}, {@code 203.0.113.2}). */
    public LabNode server() {
        return server;
    }

    /** A host on the public side with no NAT ({@code 198.51.100.2}). */
    public LabNode publicHost() {
        return publicHost;
    }

    /** The internet core router (for {@code tcpdump}, {@code conntrack} or routes a test wants to inspect). */
    public LabNode internet() {
        return internet;
    }

    /** The LAN named {@code name}. */
    public LabLan lan(String name) {
        LabLan lan = lans.get(name);
        if (lan == null) {
            throw new IllegalArgumentException("no LAN " + name + " in " + lans.keySet());
        }
        return lan;
    }

    /** All LANs in builder order. */
    public List<LabLan> lans() {
        return List.copyOf(lans.values());
    }

    /** The names of the lab's namespaces that exist now, in creation order. */
    public List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /**
     * Starts {@code command} in {@code namespace} (one of this lab's) and returns its handle; the lab kills it on
     * close if it still runs.
     */
    public LabProcess exec(String namespace, String... command) {
        if (closed.get()) {
            throw new IllegalStateException("lab is closed");
        }
        if (!namespaces.contains(namespace)) {
            throw new IllegalArgumentException(namespace + " is not a namespace of this lab: " + namespaces);
        }
        List<String> cmd = List.of(command);
        Process process;
        try {
            process = new ProcessBuilder(Commands.inNamespace(namespace, cmd)).start();
        } catch (IOException e) {
            throw new LabException("cannot start " + cmd + " in " + namespace + ": " + e.getMessage(), e);
        }
        LabProcess handle = new LabProcess(namespace, cmd, process, processes::remove);
        processes.add(handle);
        return handle;
    }

    // ---------------------------------------------------------------- building

    private LabNode namespace(String name, String shortName) {
        String ns = prefix + shortName;
        Commands.check("ip", "netns", "add", ns);
        namespaces.add(ns);
        // IPv6 off before any interface exists, so none gets link-local addresses or DAD delays.
        Commands.check("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        ip(ns, "link", "set", "lo", "up");
        return new LabNode(this, name, ns);
    }

    private static void ip(String namespace, String... args) {
        List<String> command = new ArrayList<>(args.length + 3);
        command.add("ip");
        command.add("-n");
        command.add(namespace);
        Collections.addAll(command, args);
        Commands.check(null, command);
    }

    private static void forwarding(LabNode node) {
        node.sysctl("net.ipv4.ip_forward", "1");
    }

    /**
     * A link between {@code outer} (interface {@code outerIf}, address {@code outerCidr}) and {@code inner}
     * (interface {@code innerIf}, addresses {@code innerCidrs}), through a link box namespace whose bridge joins two
     * veth pairs; the inner side routes everything via the outer. Every interface is created directly inside its
     * namespace: the root namespace never sees any of them.
     */
    private LabLink link(LabNode outer, String outerIf, String outerCidr, LabNode inner, String innerIf,
            String boxShortName, String... innerCidrs) {
        String box = namespace("link-" + inner.name(), "x" + boxShortName).namespace();
        ip(outer.namespace(), "link", "add", "name", outerIf, "type", "veth", "peer", "name", LabLink.BOX_FAR,
                "netns", box);
        ip(box, "link", "add", "name", LabLink.BOX_NEAR, "type", "veth", "peer", "name", innerIf, "netns",
                inner.namespace());
        ip(box, "link", "add", "name", LabLink.BRIDGE, "type", "bridge");
        for (String iface : new String[] {LabLink.BOX_NEAR, LabLink.BOX_FAR}) {
            ip(box, "link", "set", "dev", iface, "master", LabLink.BRIDGE);
            ip(box, "link", "set", "dev", iface, "up");
        }
        ip(box, "link", "set", "dev", LabLink.BRIDGE, "up");
        ip(outer.namespace(), "addr", "add", outerCidr, "dev", outerIf);
        ip(outer.namespace(), "link", "set", "dev", outerIf, "up");
        List<InetAddress> addresses = new ArrayList<>();
        for (String cidr : innerCidrs) {
            ip(inner.namespace(), "addr", "add", cidr, "dev", innerIf);
            addresses.add(address(cidr.substring(0, cidr.indexOf('/'))));
        }
        ip(inner.namespace(), "link", "set", "dev", innerIf, "up");
        ip(inner.namespace(), "route", "replace", "default", "via", outerCidr.substring(0, outerCidr.indexOf('/')));
        LabLink link = new LabLink(this, new LabLink.End(inner.namespace(), innerIf),
                new LabLink.End(outer.namespace(), outerIf), box);
        inner.addresses(addresses);
        inner.uplink(link);
        return link;
    }

    /** Removes a link and its box; deleting the box's veths first removes both ends at once (synchronously). */
    private void deleteLink(LabLink link) {
        Commands.quiet("ip", "-n", link.boxNamespace(), "link", "del", "dev", LabLink.BOX_NEAR);
        Commands.quiet("ip", "-n", link.boxNamespace(), "link", "del", "dev", LabLink.BOX_FAR);
        deleteNamespace(link.boxNamespace());
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private void buildCore() {
        internet = namespace("internet", "inet");
        forwarding(internet);
        // The default route to nowhere: a NOARP veth whose peer stays down swallows packets without an error.
        ip(internet.namespace(), "link", "add", "name", "void", "type", "veth", "peer", "name", "void-peer");
        ip(internet.namespace(), "link", "set", "dev", "void", "arp", "off", "up");
        ip(internet.namespace(), "route", "add", "default", "dev", "void");

        server = namespace("server", "srv");
        link(internet, "srv", "203.0.113.254/24", server, "eth0", "srv", "203.0.113.1/24", "203.0.113.2/24");

        publicHost = namespace("public", "pub");
        link(internet, "pub", "198.51.100.1/29", publicHost, "eth0", "pub", "198.51.100.2/29");
    }

    private void buildLan(String name, int index, NatMode mode, boolean hairpinning) {
        int k = index + 1;
        LabNode router = namespace(name + "-router", "r" + index);
        LabNode host = namespace(name + "-host", "h" + index);
        forwarding(router);
        link(router, NatRules.LAN, "10." + k + ".0.1/24", host, "eth0", "h" + index, "10." + k + ".0.10/24");
        LabLan lan = new LabLan(this, name, index, router, host);
        lans.put(name, lan);
        wireUplink(lan, mode == NatMode.DOUBLE_NAT);
        applyRules(lan, mode, hairpinning);
        lan.initialState(mode, hairpinning);
    }

    private static String wanBlock(LabLan lan, int host) {
        return "198.51.100." + (8 * (lan.index() + 1) + host);
    }

    /** Connects the LAN's router to the internet directly, or through a carrier-grade NAT namespace. */
    private void wireUplink(LabLan lan, boolean carrierGrade) {
        String coreIf = "r" + lan.index();
        if (!carrierGrade) {
            link(internet, coreIf, wanBlock(lan, 1) + "/29", lan.router(), NatRules.WAN, "r" + lan.index(),
                    wanBlock(lan, 2) + "/29");
            return;
        }
        LabNode carrier = namespace(lan.name() + "-carrier", "c" + lan.index());
        forwarding(carrier);
        link(internet, coreIf, wanBlock(lan, 1) + "/29", carrier, NatRules.WAN, "c" + lan.index(),
                wanBlock(lan, 2) + "/29");
        String cgn = "100.64." + (lan.index() + 1) + ".";
        link(carrier, NatRules.LAN, cgn + "1/24", lan.router(), NatRules.WAN, "r" + lan.index(), cgn + "2/24");
        Commands.check(NatRules.carrier(), Commands.inNamespace(carrier.namespace(), List.of("iptables-restore")));
        lan.carrier(carrier);
    }

    private void unwireUplink(LabLan lan) {
        // Namespace deletion is asynchronous in the kernel: the veths of a deleted namespace can linger for a while
        // and the new link's names would clash ("File exists"). Deleting the links first is synchronous.
        LabNode carrier = lan.carrier();
        deleteLink(lan.router().uplink());
        if (carrier != null) {
            deleteLink(carrier.uplink());
            deleteNamespace(carrier.namespace());
            lan.carrier(null);
        }
    }

    private void applyRules(LabLan lan, NatMode mode, boolean hairpinning) {
        String rules = NatRules.router(mode, lan.router().address().getHostAddress(),
                lan.host().address().getHostAddress(), lan.subnet(), hairpinning);
        Commands.check(rules, Commands.inNamespace(lan.router().namespace(), List.of("iptables-restore")));
        if (mode == NatMode.OPEN) {
            ip(internet.namespace(), "route", "replace", lan.subnet(), "via", lan.router().address().getHostAddress());
        } else {
            Commands.quiet("ip", "-n", internet.namespace(), "route", "del", lan.subnet());
        }
    }

    synchronized void configure(LabLan lan, NatMode mode, boolean hairpinning) {
        if (closed.get()) {
            throw new IllegalStateException("lab is closed");
        }
        boolean carrierGrade = mode == NatMode.DOUBLE_NAT;
        if (carrierGrade != (lan.carrier() != null)) {
            unwireUplink(lan);
            wireUplink(lan, carrierGrade);
        }
        applyRules(lan, mode, hairpinning);
        resetState(lan);
    }

    void resetState(LabLan lan) {
        flushState(lan.router());
        LabNode carrier = lan.carrier();
        if (carrier != null) {
            flushState(carrier);
        }
    }

    private static void flushState(LabNode router) {
        // Old mappings would otherwise outlive the rules that made them.
        Commands.quiet("ip", "netns", "exec", router.namespace(), "conntrack", "-F");
        Commands.quiet("ip", "netns", "exec", router.namespace(), "sh", "-c",
                "for f in /proc/net/xt_recent/*; do [ -e \"$f\" ] && echo / > \"$f\"; done; true");
    }

    // ---------------------------------------------------------------- teardown

    /**
     * Kills every process started in the lab and deletes every namespace (with its veths). Idempotent; also run by
     * a shutdown hook when the JVM exits without it.
     *
     * @throws LabException if some namespace could not be deleted (after trying all)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself, or during JVM exit: nothing to unregister.
        }
        for (LabProcess process : List.copyOf(processes)) {
            process.kill();
        }
        List<String> failures = new ArrayList<>();
        List<String> reversed = new ArrayList<>(namespaces);
        Collections.reverse(reversed);
        for (String ns : reversed) {
            String failure = deleteNamespace(ns);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            throw new LabException("lab cleanup incomplete: " + failures);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("nat lab cleanup: " + e.getMessage());
        }
    }

    /** Kills what runs inside {@code ns} and deletes it; returns a failure message or null. */
    private String deleteNamespace(String ns) {
        String failure = LabNamespaces.delete(ns);
        namespaces.remove(ns);
        return failure;
    }

    @Override
    public String toString() {
        return "NatLab " + prefix + "* " + lans.values();
    }
}
