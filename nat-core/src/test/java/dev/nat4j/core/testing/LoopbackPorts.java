package dev.nat4j.core.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback facts for tests that start external servers: is there IPv6 loopback, which port pairs are free. */
final class LoopbackPorts {
    private static final int TRIES = 200;

    private LoopbackPorts() {}

    static InetAddress ipv4() {
        return address("127.0.0.1");
    }

    static InetAddress ipv6() {
        return address("::1");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** True when this host can bind ::1 (containers often have IPv6 switched off). */
    static boolean hasIpv6() {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress(ipv6(), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * A random port P in [{@code from}, {@code to}) with P and P+1 both free for UDP and TCP on every host: coturn
     * binds both (P+1 is its RFC 5780 alternate port). Another process may still take them before the server binds,
     * which is why callers retry a failed start.
     */
    static int freePair(List<InetAddress> hosts, int from, int to) throws IOException {
        for (int tries = 0; tries < TRIES; tries++) {
            int p = ThreadLocalRandom.current().nextInt(from, to);
            if (free(hosts, p) && free(hosts, p + 1)) {
                return p;
            }
        }
        throw new IOException("no free port pair in [" + from + ", " + to + ") after " + TRIES + " tries");
    }

    private static boolean free(List<InetAddress> hosts, int port) {
        for (InetAddress host : hosts) {
            try (ServerSocket t = new ServerSocket(port, 1, host);
                    DatagramSocket u = new DatagramSocket(new InetSocketAddress(host, port))) {
                // both bindable: closed again at once
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
