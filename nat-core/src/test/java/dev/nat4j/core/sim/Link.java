package dev.nat4j.core.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The impairments of one attachment to a segment (a host's access link or a router's WAN link). A datagram pays them
 * each time it crosses the attachment, in either direction, so host A to host B on one segment crosses A's link and
 * B's link.
 *
 * <p>All randomness comes from the owning {@link SimNetwork}'s single seeded source.
 *
 * <pre>{@code
 * host.link(Link.DEFAULT.withLatency(Duration.ofMillis(40)).withJitter(Duration.ofMillis(5)).withLoss(0.02));
 * }</pre>
 *
 * @param latency       fixed one-way delay
 * @param jitter        extra delay drawn uniformly from [0, jitter] per datagram (so jitter alone can reorder)
 * @param loss          probability [0, 1] that a crossing datagram is dropped
 * @param duplicate     probability [0, 1] that a second copy is sent (with its own delay draw)
 * @param reorder       probability [0, 1] that a datagram is held back an extra {@code reorderDelay}, so later ones
 *                      overtake it
 * @param reorderDelay  the extra delay of a held-back datagram
 * @param mtu           largest IP packet (payload + UDP + IP header) that fits; larger ones are dropped
 */
public record Link(Duration latency, Duration jitter, double loss, double duplicate, double reorder,
                   Duration reorderDelay, int mtu) {

    /** 1 ms latency, no jitter, loss, duplication or reordering, MTU 1500. The default for new attachments. */
    public static final Link DEFAULT = new Link(Duration.ofMillis(1), Duration.ZERO, 0, 0, 0, Duration.ofMillis(10),
            1500);

    /** Zero latency and no impairment: everything arrives at the instant it was sent, in order. */
    public static final Link INSTANT = DEFAULT.withLatency(Duration.ZERO);

    /** Validates: delays not negative, probabilities within [0, 1], MTU at least 28 (IPv4 + UDP headers). */
    public Link {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(reorderDelay, "reorderDelay");
        if (latency.isNegative() || jitter.isNegative() || reorderDelay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        checkProbability("loss", loss);
        checkProbability("duplicate", duplicate);
        checkProbability("reorder", reorder);
        if (mtu < 28) {
            throw new IllegalArgumentException("mtu too small: " + mtu);
        }
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1]: " + p);
        }
    }

    /** This link with another fixed latency. */
    public Link withLatency(Duration value) {
        return new Link(value, jitter, loss, duplicate, reorder, reorderDelay, mtu);
    }

    /** This link with another jitter bound. */
    public Link withJitter(Duration value) {
        return new Link(latency, value, loss, duplicate, reorder, reorderDelay, mtu);
    }

    /** This link with another loss probability. */
    public Link withLoss(double value) {
        return new Link(latency, jitter, value, duplicate, reorder, reorderDelay, mtu);
    }

    /** This link with another duplication probability. */
    public Link withDuplicate(double value) {
        return new Link(latency, jitter, loss, value, reorder, reorderDelay, mtu);
    }

    /** This link holding back a {@code probability} share of datagrams by {@code extraDelay}. */
    public Link withReorder(double probability, Duration extraDelay) {
        return new Link(latency, jitter, loss, duplicate, probability, extraDelay, mtu);
    }

    /** This link with another MTU. */
    public Link withMtu(int value) {
        return new Link(latency, jitter, loss, duplicate, reorder, reorderDelay, value);
    }
}
