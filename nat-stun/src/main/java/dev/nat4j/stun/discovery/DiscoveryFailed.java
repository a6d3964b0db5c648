package dev.nat4j.stun.discovery;

/**
 * The discovery could not produce a result: the server refused the Binding request (an error response such as 401)
 * or answered something unusable.
 *
 * <pre>{@code
 * if (event instanceof DiscoveryFailed f) throw new IllegalStateException(f.reason());
 * }</pre>
 *
 * @param reason one line for people
 */
public record DiscoveryFailed(String reason) implements DiscoveryEvent {
}
