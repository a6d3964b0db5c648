package dev.nat4j.turn.server;

/**
 * A snapshot of a {@link TurnServerEngine}'s counters.
 *
 * @param allocations       live allocations
 * @param allocationsTotal  allocations created since start
 * @param packetsToPeers    datagrams relayed to peers
 * @param bytesToPeers      payload bytes relayed to peers
 * @param packetsToClients  datagrams relayed to clients (ChannelData or Data indications)
 * @param bytesToClients    payload bytes relayed to clients
 * @param authFailures      401 and 438 answers to requests that carried credentials
 * @param errorResponses    error responses sent, all codes
 * @param rateLimited       unauthenticated error replies suppressed by the per-IP limit
 * @param dropped           datagrams dropped (malformed, no allocation, no permission, denied peer, ...)
 * @param deniedPeers       peer addresses refused by the filter (403 or dropped)
 * @param overLimit         datagrams dropped by the per-allocation bandwidth limit (also counted in dropped)
 */
public record TurnServerStats(long allocations, long allocationsTotal, long packetsToPeers, long bytesToPeers,
                              long packetsToClients, long bytesToClients, long authFailures, long errorResponses,
                              long rateLimited, long dropped, long deniedPeers,
                              long overLimit) {

    /**
     * The counters in the Prometheus text exposition format (version 0.0.4), for a metrics endpoint.
     *
     * <pre>{@code
     * String body = server.stats().toPrometheus();
     * }</pre>
     */
    public String toPrometheus() {
        StringBuilder b = new StringBuilder(1024);
        metric(b, "nat4j_turn_allocations", "gauge", "live allocations", allocations);
        metric(b, "nat4j_turn_allocations_total", "counter", "allocations created", allocationsTotal);
        b.append("# HELP nat4j_turn_relayed_packets_total datagrams relayed\n")
                .append("# TYPE nat4j_turn_relayed_packets_total counter\n")
                .append("nat4j_turn_relayed_packets_total{direction=\"to_peer\"} ").append(packetsToPeers).append('\n')
                .append("nat4j_turn_relayed_packets_total{direction=\"to_client\"} ").append(packetsToClients)
                .append('\n');
        b.append("# HELP nat4j_turn_relayed_bytes_total payload bytes relayed\n")
                .append("# TYPE nat4j_turn_relayed_bytes_total counter\n")
                .append("nat4j_turn_relayed_bytes_total{direction=\"to_peer\"} ").append(bytesToPeers).append('\n')
                .append("nat4j_turn_relayed_bytes_total{direction=\"to_client\"} ").append(bytesToClients).append('\n');
        metric(b, "nat4j_turn_auth_failures_total", "counter", "401/438 answers to requests with credentials",
                authFailures);
        metric(b, "nat4j_turn_error_responses_total", "counter", "error responses sent", errorResponses);
        metric(b, "nat4j_turn_rate_limited_total", "counter", "unauthenticated error replies suppressed",
                rateLimited);
        metric(b, "nat4j_turn_dropped_total", "counter", "datagrams dropped", dropped);
        metric(b, "nat4j_turn_denied_peers_total", "counter", "peer addresses refused by the filter", deniedPeers);
        metric(b, "nat4j_turn_over_limit_total", "counter", "datagrams dropped by the bandwidth limit", overLimit);
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
    }
}
