package dev.nat4j.ice.agent;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.IceCandidate;

/** A local candidate with its base: the socket checks and data for it are sent from (RFC 8445 §4). */
record LocalCandidate(IceCandidate candidate, TransportAddress base) {

    TransportAddress address() {
        return candidate.address();
    }
}
