package dev.nat4j.turn.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.SocketSpec;
import dev.nat4j.turn.spi.RelaySocketAllocator;

/**
 * Relay sockets on the NIO driver: UDP sockets bound to the relay IPs in a port range, opened on the engine's own
 * driver thread through {@link EngineHandle#open}. The driver has no way to close one socket of an engine, so a
 * released address is kept open and handed out again (datagrams reaching it meanwhile find no allocation and are
 * dropped by the engine).
 */
final class NioRelaySockets implements RelaySocketAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(NioRelaySockets.class);

    private final List<InetAddress> ipv4 = new ArrayList<>();
    private final List<InetAddress> ipv6 = new ArrayList<>();
    private final int minPort;
    private final int maxPort;
    private final ArrayDeque<TransportAddress> free4 = new ArrayDeque<>();
    private final ArrayDeque<TransportAddress> free6 = new ArrayDeque<>();
    private final List<BitSet> tried4 = new ArrayList<>();
    private final List<BitSet> tried6 = new ArrayList<>();
    private volatile EngineHandle<?> handle;
    private int cursor;
    private int roundRobin;

    NioRelaySockets(List<InetAddress> relayIps, int minPort, int maxPort) {
        for (InetAddress ip : relayIps) {
            if (ip instanceof Inet6Address) {
                ipv6.add(ip);
                tried6.add(new BitSet());
            } else {
                ipv4.add(ip);
                tried4.add(new BitSet());
            }
        }
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.cursor = ThreadLocalRandom.current().nextInt(maxPort - minPort + 1);
    }

    void attach(EngineHandle<?> engineHandle) {
        this.handle = engineHandle;
    }

    @Override
    public boolean supports(boolean v6) {
        return !(v6 ? ipv6 : ipv4).isEmpty();
    }

    @Override
    public TransportAddress allocate(boolean v6, boolean evenPort) {
        EngineHandle<?> h = handle;
        List<InetAddress> ips = v6 ? ipv6 : ipv4;
        if (h == null || ips.isEmpty()) {
            return null;
        }
        ArrayDeque<TransportAddress> free = v6 ? free6 : free4;
        for (int i = free.size(); i > 0; i--) {
            TransportAddress a = free.poll();
            if (!evenPort || (a.port() & 1) == 0) {
                return a;
            }
            free.add(a);
        }
        int which = Math.floorMod(roundRobin++, ips.size());
        InetAddress ip = ips.get(which);
        BitSet tried = (v6 ? tried6 : tried4).get(which);
        int range = maxPort - minPort + 1;
        for (int attempt = 0; attempt < range; attempt++) {
            int offset = (cursor + attempt) % range;
            int port = minPort + offset;
            if (tried.get(offset) || (evenPort && (port & 1) != 0)) {
                continue;
            }
            tried.set(offset);
            try {
                TransportAddress bound = h.open(SocketSpec.udp(new InetSocketAddress(ip, port)));
                cursor = (offset + 1) % range;
                return bound;
            } catch (IOException | RuntimeException e) {
                LOG.debug("relay port {} on {} unavailable", port, ip, e);
            }
        }
        return null;
    }

    @Override
    public void release(TransportAddress address) {
        (address.isIpv6() ? free6 : free4).add(address);
    }
}
