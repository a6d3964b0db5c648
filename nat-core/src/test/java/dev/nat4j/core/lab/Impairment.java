package dev.nat4j.core.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code tc netem} does to packets leaving one end of a {@link LabLink}. {@link LabLink#impair} applies it to
 * both ends, so a delay is paid in each direction (a round trip across the link costs twice {@code delay}).
 *
 * <pre>{@code
 * lan.uplink().impair(Impairment.delay(Duration.ofMillis(40)).withLoss(2.0));
 * }</pre>
 *
 * @param delay          added one-way latency (zero for none)
 * @param jitter         random variation of the delay (zero for none; needs a delay)
 * @param lossPercent    share of packets dropped, 0..100
 * @param reorderPercent share of packets sent at once instead of delayed, so they overtake others, 0..100 (needs a
 *                       delay: netem reorders by letting some packets skip it)
 */
public record Impairment(Duration delay, Duration jitter, double lossPercent, double reorderPercent) {

    public Impairment {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("negative delay or jitter");
        }
        if (!(lossPercent >= 0 && lossPercent <= 100) || !(reorderPercent >= 0 && reorderPercent <= 100)) {
            throw new IllegalArgumentException("percentages must be within 0..100");
        }
        if ((reorderPercent > 0 || !jitter.isZero()) && delay.isZero()) {
            throw new IllegalArgumentException("netem needs a delay to reorder or to jitter");
        }
    }

    /** No impairment (the link's normal behaviour). */
    public static Impairment none() {
        return new Impairment(Duration.ZERO, Duration.ZERO, 0, 0);
    }

    /** A fixed one-way delay. */
    public static Impairment delay(Duration delay) {
        return new Impairment(delay, Duration.ZERO, 0, 0);
    }

    /** A random loss without delay. */
    public static Impairment loss(double percent) {
        return new Impairment(Duration.ZERO, Duration.ZERO, percent, 0);
    }

    /** This impairment with {@code jitter} added to the delay. */
    public Impairment withJitter(Duration jitter) {
        return new Impairment(delay, jitter, lossPercent, reorderPercent);
    }

    /** This impairment with {@code percent} loss. */
    public Impairment withLoss(double percent) {
        return new Impairment(delay, jitter, percent, reorderPercent);
    }

    /** This impairment with {@code percent} of packets reordered. */
    public Impairment withReorder(double percent) {
        return new Impairment(delay, jitter, lossPercent, percent);
    }

    /** True when this changes nothing. */
    public boolean isNone() {
        return delay.isZero() && lossPercent == 0 && reorderPercent == 0;
    }

    /** The netem arguments after {@code tc qdisc replace dev IF root netem}. */
    List<String> netemArguments() {
        List<String> args = new ArrayList<>();
        if (!delay.isZero()) {
            args.add("delay");
            args.add(micros(delay));
            if (!jitter.isZero()) {
                args.add(micros(jitter));
            }
        }
        if (lossPercent > 0) {
            args.add("loss");
            args.add(lossPercent + "%");
        }
        if (reorderPercent > 0) {
            args.add("reorder");
            args.add(reorderPercent + "%");
        }
        if (args.isEmpty()) {
            args.add("delay");
            args.add("0us");
        }
        return args;
    }

    private static String micros(Duration duration) {
        return (duration.toNanos() / 1000) + "us";
    }
}
