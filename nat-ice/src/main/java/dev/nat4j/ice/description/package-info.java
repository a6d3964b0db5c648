/**
 * The signalling form of an ICE agent's parameters: {@link dev.nat4j.ice.description.IceDescription} (credentials,
 * candidates, ICE options, end-of-candidates) as RFC 8839 SDP attribute lines or compact JSON, and
 * {@link dev.nat4j.ice.description.CandidateAttribute} for one trickled {@code candidate:} value. Everything read here
 * comes from a peer: inputs are capped, names are never resolved, and only {@link IllegalArgumentException} escapes.
 */
package dev.nat4j.ice.description;
