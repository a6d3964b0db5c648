package dev.nat4j.stun.discovery;

/**
 * The discovery is over and produced a result (which may be "UDP blocked" or contain unknowns).
 *
 * <pre>{@code
 * if (event instanceof DiscoveryFinished f) show(f.report());
 * }</pre>
 *
 * @param report what was found
 */
public record DiscoveryFinished(NatReport report) implements DiscoveryEvent {
}
