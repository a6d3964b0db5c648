package dev.nat4j.stun.discovery;

import java.time.Duration;

/**
 * One test of the discovery has completed.
 *
 * <pre>{@code
 * NatCheck.builder(server).progressListener(p -> System.err.println(p)).build();
 * }</pre>
 *
 * @param step    which test
 * @param result  what it found, for people (e.g. {@code "mapped 203.0.113.7:40000, OTHER-ADDRESS 192.0.2.2:3479"})
 * @param elapsed time since the discovery started
 */
public record DiscoveryProgress(DiscoveryStep step, String result, Duration elapsed) implements DiscoveryEvent {

    @Override
    public String toString() {
        return step.description() + ": " + result + " (" + elapsed.toMillis() + " ms)";
    }
}
