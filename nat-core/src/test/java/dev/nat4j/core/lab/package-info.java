/**
 * The NAT lab: a small internet built from Linux network namespaces on the test machine, so STUN, TURN and ICE code
 * is tested against real kernel NATs. Start at {@link dev.nat4j.core.lab.NatLab}.
 *
 * <ul>
 *   <li>{@link dev.nat4j.core.lab.NatLab} builds and tears down the lab; {@link dev.nat4j.core.lab.LabNode} is one
 *       namespace (run commands or a JVM in it); {@link dev.nat4j.core.lab.LabLan} is a host behind its router.
 *   <li>{@link dev.nat4j.core.lab.NatMode} names each router behaviour and says what it really gives.
 *   <li>{@link dev.nat4j.core.lab.LabLink} and {@link dev.nat4j.core.lab.Impairment}: delay, jitter, loss and
 *       reordering on any link.
 *   <li>{@link dev.nat4j.core.lab.CoturnServer} and {@link dev.nat4j.core.lab.NatDiscovery}: coturn as an
 *       independent server and referee.
 * </ul>
 *
 * <p>Needs root, iproute2, iptables (nf_tables backend), conntrack, and python3 where the kernel lacks
 * {@code sch_netem}; coturn for the referee. Tests check these with {@code Prerequisites}.
 */
package dev.nat4j.core.lab;
