/**
 * The TURN client (RFC 8656): allocations on a relay server over UDP, TCP or TLS.
 *
 * <p>Entry point: {@link dev.nat4j.turn.client.TurnClient}, whose {@code allocate()} gives a
 * {@link dev.nat4j.turn.client.RelayEndpoint} that sends to and receives from peers like a datagram socket. The
 * protocol itself is the sans-IO {@link dev.nat4j.turn.client.TurnClientEngine} (no sockets, clocks or threads), which
 * an ICE agent or a simulator can drive directly.
 *
 * <pre>{@code
 * try (TurnClient turn = TurnClient.builder().server("turn:turn.example.org").credentials("alice", "secret").build();
 *      RelayEndpoint relay = turn.allocate().get(10, TimeUnit.SECONDS)) {
 *     relay.send(peer, ByteBuffer.wrap(hello));
 *     RelayedPacket reply = relay.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
package dev.nat4j.turn.client;
