package dev.nat4j.turn.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.SocketSpec;
import dev.nat4j.turn.spi.RelaySocketAllocator;

/**
 * Relay sockets on the NIO driver: UDP sockets bound to the relay IPs in a port range, opened and closed on the
 * engine's own driver thread through {@link EngineHandle#open} and {@link EngineHandle#close(TransportAddress)}. A
 * released relay socket is closed at once, so its port goes back to the system and stray peer traffic to it is refused
 * by the kernel instead of reaching the engine.
 *
 * <p>Ports are tried in order from a random start, and the search goes on from the port after the last one bound: a
 * port just released is handed out again only after the rest of the range, which keeps late peer packets meant for an
 * old allocation away from a new one. A port another program holds is skipped; at most {@link #MAX_BIND_FAILURES}
 * failed binds are tried per allocation, so a range full of foreign sockets costs a bounded amount of work per request.
 */
final class NioRelaySockets implements RelaySocketAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(NioRelaySockets.class);
    static final int MAX_BIND_FAILURES = 64;

    private final List<InetAddress> ipv4 = new ArrayList<>();
    private final List<InetAddress> ipv6 = new ArrayList<>();
    private final int minPort;
    private final int maxPort;
    /** Per relay IP, the ports (as offsets from minPort) this allocator holds open now. */
    private final Map<InetAddress, BitSet> inUse = new HashMap<>();
    private volatile EngineHandle<?> handle;
    private int cursor;
    private int roundRobin;

    NioRelaySockets(List<InetAddress> relayIps, int minPort, int maxPort) {
        for (InetAddress ip : relayIps) {
            if (inUse.putIfAbsent(ip, new BitSet()) != null) {
                continue;
            }
            (ip instanceof Inet6Address ? ipv6 : ipv4).add(ip);
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
        InetAddress ip = ips.get(Math.floorMod(roundRobin++, ips.size()));
        BitSet held = inUse.get(ip);
        int range = maxPort - minPort + 1;
        int failures = 0;
        for (int attempt = 0; attempt < range && failures < MAX_BIND_FAILURES; attempt++) {
            int offset = (cursor + attempt) % range;
            int port = minPort + offset;
            if (held.get(offset) || (evenPort && (port & 1) != 0)) {
                continue;
            }
            try {
                TransportAddress bound = h.open(SocketSpec.udp(new InetSocketAddress(ip, port)));
                held.set(offset);
                cursor = (offset + 1) % range;
                return bound;
            } catch (IOException | RuntimeException e) {
                failures++;
                LOG.debug("relay port {} on {} unavailable", port, ip, e);
            }
        }
        // Next time, start behind the ports that just failed rather than on them again.
        cursor = (cursor + failures) % range;
        return null;
    }

    @Override
    public void release(TransportAddress address) {
        BitSet held = inUse.get(address.ip());
        int offset = address.port() - minPort;
        if (held != null && offset >= 0 && offset <= maxPort - minPort) {
            held.clear(offset);
        }
        EngineHandle<?> h = handle;
        if (h != null && !h.close(address)) {
            LOG.debug("relay socket {} was not open (already closed, or the server is closing)", address);
        }
    }

    /** Relay sockets held open now (tests). Engine thread. */
    int openCount() {
        int n = 0;
        for (BitSet b : inUse.values()) {
            n += b.cardinality();
        }
        return n;
    }
}
