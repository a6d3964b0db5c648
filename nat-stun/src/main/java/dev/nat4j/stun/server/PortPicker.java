package dev.nat4j.stun.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds one port number that is free on several IP addresses at once, for UDP and TCP. RFC 5780 §6 wants the same
 * ports on both of the server's IPs, and one port for UDP and TCP is what users expect; the kernel picks a free port
 * for one socket only, so we let it pick on the first address and try that number on the others.
 *
 * <p>The sockets are closed again before the driver binds for real, so another process may take the port in between:
 * the caller retries when its bind fails.
 */
final class PortPicker {
    private static final int ATTEMPTS = 64;

    private PortPicker() {}

    /**
     * A port free for every transport asked on every one of {@code ips}, other than those in {@code avoid}.
     *
     * @throws IOException when none is found after a few dozen attempts
     */
    static int freeOnAll(List<InetAddress> ips, boolean udp, boolean tcp, Set<Integer> avoid) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Closeable> held = new ArrayList<>();
            try {
                NetworkChannel first = open(ips.get(0), udp, held);
                first.bind(new InetSocketAddress(ips.get(0), 0));
                int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
                if (avoid.contains(port)) {
                    continue;
                }
                for (InetAddress ip : ips) {
                    if (udp && !(ip.equals(ips.get(0)))) {
                        open(ip, true, held).bind(new InetSocketAddress(ip, port));
                    }
                    if (tcp) {
                        if (udp || !ip.equals(ips.get(0))) {
                            open(ip, false, held).bind(new InetSocketAddress(ip, port));
                        }
                    }
                }
                return port;
            } catch (IOException e) {
                last = e;
            } finally {
                for (Closeable c : held) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // nothing was sent on it
                    }
                }
            }
        }
        throw new IOException("no port free on all of " + ips + " after " + ATTEMPTS + " attempts", last);
    }

    private static NetworkChannel open(InetAddress ip, boolean udp, List<Closeable> held) throws IOException {
        StandardProtocolFamily family = ip instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        NetworkChannel channel = udp ? DatagramChannel.open(family) : ServerSocketChannel.open(family);
        held.add(channel);
        if (!udp) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as the driver's listeners do
        }
        return channel;
    }
}
