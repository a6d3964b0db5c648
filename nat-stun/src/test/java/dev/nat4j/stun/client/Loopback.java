package dev.nat4j.stun.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** Loopback addresses for real-socket tests, and whether this host has IPv6 loopback at all. */
final class Loopback {
    private Loopback() {}

    static InetAddress v4() {
        return InetAddress.getLoopbackAddress();
    }

    static InetAddress v6() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static boolean hasIpv6() {
        try (DatagramChannel c = DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress(v6(), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
