/**
 * Policy seams of the TURN server: where relayed addresses come from ({@link dev.nat4j.turn.spi.RelaySocketAllocator})
 * and how users authenticate ({@link dev.nat4j.turn.spi.AuthHandler}).
 */
package dev.nat4j.turn.spi;
