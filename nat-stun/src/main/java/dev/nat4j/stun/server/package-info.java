/**
 * A STUN server: Binding (RFC 8489) over UDP and TCP, IPv4 and IPv6, and NAT behaviour discovery (RFC 5780) when
 * given a second address.
 *
 * <p>{@link dev.nat4j.stun.server.StunServer} runs it on real sockets; {@link dev.nat4j.stun.server.StunServerEngine}
 * is the sans-IO engine underneath, for the simulator or another driver.
 *
 * <pre>{@code
 * try (StunServer server = StunServer.builder().listen(SocketAddresses.parse("0.0.0.0:3478")).start()) {
 *     awaitShutdown();
 *     log.info("served: {}", server.stats());
 * }
 * }</pre>
 *
 * <p>Security stance: answers are small (XOR-MAPPED-ADDRESS only by default: a 20-byte IPv4 request gets 32 bytes),
 * nothing is logged per packet above debug, nothing unknown is answered that RFC 8489 says to drop, and neither
 * RESPONSE-PORT nor PADDING can aim a larger answer at anyone than at the request's own source.
 */
package dev.nat4j.stun.server;
