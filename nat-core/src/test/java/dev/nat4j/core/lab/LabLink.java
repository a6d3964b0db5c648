package dev.nat4j.core.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A link between two lab namespaces, where impairments are applied.
 *
 * <p>Every link runs through a small middle namespace (a "link box") whose two interfaces are joined by a kernel
 * bridge, so an unimpaired link costs nothing and the two ends never change when an impairment comes or goes (their
 * addresses, routes, NAT rules and conntrack state stay intact). Impairments are applied in the box: with
 * {@code tc netem} where the kernel has it, otherwise with a userspace delay line ({@code lab/delayline.py}, Python
 * standard library, AF_PACKET sockets) that takes the bridge's place while the link is impaired. Switching between
 * the two may duplicate the packets of a few milliseconds.
 *
 * <pre>{@code
 * LabLink link = lab.lan("a").uplink();
 * link.impair(Impairment.delay(Duration.ofMillis(50)).withLoss(1));   // both directions
 * link.impair(link.near(), Impairment.loss(20));                       // only packets sent by the near end
 * link.clearImpairment();
 * }</pre>
 */
public final class LabLink {
    /** Interface names inside the box: the one facing the near end and the one facing the far end. */
    static final String BOX_NEAR = "xn";
    static final String BOX_FAR = "xf";
    static final String BRIDGE = "xbr";

    private final NatLab lab;
    private final End near;
    private final End far;
    private final String box;
    private Impairment fromNear = Impairment.none();
    private Impairment fromFar = Impairment.none();
    private LabProcess delayLine;
    private long seed = 1;

    /**
     * One end of a link.
     *
     * @param namespace the namespace that holds the interface
     * @param iface     the interface name inside that namespace
     */
    public record End(String namespace, String iface) {}

    LabLink(NatLab lab, End near, End far, String box) {
        this.lab = lab;
        this.near = near;
        this.far = far;
        this.box = box;
    }

    /** The end further from the internet core (e.g. the LAN host, or the router on an uplink). */
    public End near() {
        return near;
    }

    /** The end nearer the internet core. */
    public End far() {
        return far;
    }

    /** The middle namespace that carries the link (for {@code tcpdump}). */
    public String boxNamespace() {
        return box;
    }

    /** The impairment on packets sent by {@code end}. */
    public synchronized Impairment impairment(End from) {
        return checkEnd(from) == near ? fromNear : fromFar;
    }

    /** Applies {@code impairment} in both directions (a delay is paid once each way). */
    public synchronized void impair(Impairment impairment) {
        fromNear = Objects.requireNonNull(impairment);
        fromFar = impairment;
        apply();
    }

    /** Applies {@code impairment} only to packets sent by {@code from}; the other direction keeps its own. */
    public synchronized void impair(End from, Impairment impairment) {
        Objects.requireNonNull(impairment);
        if (checkEnd(from) == near) {
            fromNear = impairment;
        } else {
            fromFar = impairment;
        }
        apply();
    }

    /** Removes every impairment from the link. */
    public synchronized void clearImpairment() {
        impair(Impairment.none());
    }

    /** Seeds the delay line's random loss, jitter and reordering (netem has no seed); 1 unless set. */
    public synchronized void seed(long seed) {
        this.seed = seed;
    }

    private End checkEnd(End end) {
        if (end.equals(near)) {
            return near;
        }
        if (end.equals(far)) {
            return far;
        }
        throw new IllegalArgumentException(end + " is not an end of " + this);
    }

    private void apply() {
        if (Netem.available(box, BOX_FAR)) {
            // Packets from the near end leave the box through the far-facing interface, and vice versa.
            netem(BOX_FAR, fromNear);
            netem(BOX_NEAR, fromFar);
            return;
        }
        LabProcess previous = delayLine;
        delayLine = null;
        if (fromNear.isNone() && fromFar.isNone()) {
            bridge(true);
        } else {
            LabProcess line = lab.exec(box, DelayLine.command(BOX_NEAR, BOX_FAR, seed, fromNear, fromFar)
                    .toArray(String[]::new));
            if (!line.awaitOutput("READY", Duration.ofSeconds(10))) {
                line.kill();
                throw new LabException("delay line did not start in " + box + ": " + line.stdout() + line.stderr());
            }
            delayLine = line;
            bridge(false);
        }
        if (previous != null) {
            previous.kill();
        }
    }

    private void bridge(boolean joined) {
        for (String iface : new String[] {BOX_NEAR, BOX_FAR}) {
            if (joined) {
                Commands.check("ip", "-n", box, "link", "set", "dev", iface, "master", BRIDGE);
            } else {
                Commands.check("ip", "-n", box, "link", "set", "dev", iface, "nomaster");
            }
        }
    }

    private void netem(String iface, Impairment impairment) {
        if (impairment.isNone()) {
            Commands.quiet("tc", "-n", box, "qdisc", "del", "dev", iface, "root");
            return;
        }
        List<String> command = new ArrayList<>(List.of("tc", "-n", box, "qdisc", "replace", "dev", iface, "root",
                "netem"));
        command.addAll(impairment.netemArguments());
        Commands.check(null, command);
    }

    @Override
    public String toString() {
        return near.namespace() + ":" + near.iface() + " <-> " + far.namespace() + ":" + far.iface() + " via " + box;
    }
}
