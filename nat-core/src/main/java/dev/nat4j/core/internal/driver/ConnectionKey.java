package dev.nat4j.core.internal.driver;

import java.net.InetSocketAddress;

import dev.nat4j.core.TransportAddress;

/** A stream connection's identity as engines see it: (local transport address, remote address). */
record ConnectionKey(TransportAddress local, InetSocketAddress remote) {
}
