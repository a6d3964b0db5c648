/**
 * The simulated network: a deterministic, discrete-event UDP network in virtual time in which real sans-IO
 * {@link dev.nat4j.core.Engine}s exchange datagrams through RFC 4787 NAT routers and impaired links. Shipped in
 * nat-core's test-jar for every module's tests.
 *
 * <ul>
 *   <li>{@link dev.nat4j.core.sim.SimNetwork}: the entry point: clock, event queue, the one seeded random source,
 *       counters, trace, topology shortcuts and the run methods.</li>
 *   <li>{@link dev.nat4j.core.sim.SimSegment}, {@link dev.nat4j.core.sim.SimHost},
 *       {@link dev.nat4j.core.sim.SimRouter}, {@link dev.nat4j.core.sim.SimEndpoint}: the topology and the engines
 *       running on it.</li>
 *   <li>{@link dev.nat4j.core.sim.NatKind} (the NAT lab's mode names), {@link dev.nat4j.core.sim.NatProfile},
 *       {@link dev.nat4j.core.sim.MappingBehavior}, {@link dev.nat4j.core.sim.FilteringBehavior}: NAT behaviour.</li>
 *   <li>{@link dev.nat4j.core.sim.Link}: latency, jitter, loss, duplication, reordering, MTU.</li>
 *   <li>{@link dev.nat4j.core.sim.SimStats}, {@link dev.nat4j.core.sim.DropReason},
 *       {@link dev.nat4j.core.sim.SimSeedReporter}: observability and replay.</li>
 *   <li>{@link dev.nat4j.core.sim.EchoEngine}: a tiny reflector engine for tests that need a peer but no protocol.</li>
 * </ul>
 *
 * <p>Limits: UDP only (TCP/TLS transmits are dropped as {@link dev.nat4j.core.sim.DropReason#BAD_SOURCE}); one
 * public address per router; links are symmetric; NATs keep no per-protocol state beyond the mapping and its filter.
 */
package dev.nat4j.core.sim;
