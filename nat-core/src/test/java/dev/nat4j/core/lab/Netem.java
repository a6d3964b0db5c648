package dev.nat4j.core.lab;

/**
 * Whether this kernel has the {@code sch_netem} qdisc. Some kernels (e.g. minimal VM kernels) ship tc and other
 * qdiscs but not netem: {@code tc qdisc add ... netem} then fails with "Specified qdisc kind is unknown".
 */
final class Netem {
    private static volatile Boolean available;

    private Netem() {}

    /** Probes once, on {@code iface} in {@code namespace} (left without a qdisc afterwards). */
    static boolean available(String namespace, String iface) {
        Boolean known = available;
        if (known != null) {
            return known;
        }
        synchronized (Netem.class) {
            if (available == null) {
                if (Boolean.getBoolean("nat4j.lab.noNetem")) {
                    available = false;
                } else {
                    Commands.Result probe = Commands.quiet("tc", "-n", namespace, "qdisc", "replace", "dev", iface,
                            "root", "netem", "delay", "0us");
                    available = probe.ok();
                    Commands.quiet("tc", "-n", namespace, "qdisc", "del", "dev", iface, "root");
                }
            }
            return available;
        }
    }
}
