/**
 * ICE (RFC 8445) model types: candidates, their priorities and foundations, pairs, roles and credentials. The agent
 * that runs connectivity checks is in {@link dev.nat4j.ice.agent}.
 */
package dev.nat4j.ice;
