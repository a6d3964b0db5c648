package dev.nat4j.core;

/** The transport protocol a {@link TransportAddress} is reached over. */
public enum Transport {
    /** Plain UDP datagrams. */
    UDP,
    /** TCP: STUN messages and ChannelData framed on a byte stream. */
    TCP,
    /** TLS over TCP (RFC 8489 §6.2.3, {@code stuns:} / {@code turns:}). */
    TLS;

    /** True when the transport is a byte stream (TCP or TLS) rather than datagrams. */
    public boolean isStream() {
        return this != UDP;
    }

    /** The lower-case name used in URIs and on the command line: {@code udp}, {@code tcp}, {@code tls}. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
