/**
 * The reference TURN relay (RFC 8656): {@link dev.nat4j.turn.server.TurnServer} to run it embedded or from the CLI,
 * {@link dev.nat4j.turn.server.TurnServerEngine} as the sans-IO machine behind it, and its policies
 * ({@link dev.nat4j.turn.server.PeerFilter}, {@link dev.nat4j.turn.server.StaticUsers},
 * {@link dev.nat4j.turn.server.SharedSecretAuth}).
 */
package dev.nat4j.turn.server;
