/**
 * The ICE agent (RFC 8445) as a sans-IO engine: {@link dev.nat4j.ice.agent.IceAgent}, its configuration and its
 * events.
 */
package dev.nat4j.ice.agent;
