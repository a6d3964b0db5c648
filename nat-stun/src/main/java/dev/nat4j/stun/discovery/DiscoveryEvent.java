package dev.nat4j.stun.discovery;

/**
 * What a {@link NatDiscoveryEngine} reports: progress as each test completes, then exactly one of
 * {@link DiscoveryFinished} or {@link DiscoveryFailed}.
 *
 * <pre>{@code
 * switch (event) {
 *     case DiscoveryProgress p -> System.err.println(p.step().description() + ": " + p.result());
 *     case DiscoveryFinished f -> System.out.println(f.report().natType().displayName());
 *     case DiscoveryFailed f -> System.err.println("failed: " + f.reason());
 * }
 * }</pre>
 */
public sealed interface DiscoveryEvent permits DiscoveryProgress, DiscoveryFinished, DiscoveryFailed {
}
