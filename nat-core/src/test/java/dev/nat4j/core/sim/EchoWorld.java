package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

import dev.nat4j.core.TransportAddress;

/**
 * Test fixture: a network with a public reflector ({@link EchoEngine}) on two IPs × two ports, like an RFC 5780
 * server, plus helpers to ask it what a client's mapped address is.
 */
final class EchoWorld {
    static final String IP1 = "192.0.2.1";
    static final String IP2 = "192.0.2.2";
    static final int P1 = 3478;
    static final int P2 = 3479;
    static final Duration ASK_LIMIT = Duration.ofSeconds(2);

    final SimNetwork net;
    final SimHost server;
    final SimEndpoint<EchoEngine.Received> reflector;
    private int tags;

    EchoWorld(long seed) {
        net = new SimNetwork(seed);
        server = net.internet().addHost("server", IP1, IP2);
        reflector = server.attach(new EchoEngine(), P1, P2);
    }

    /** The reflector socket on address {@code ipIndex} (0 or 1) and {@code port}. */
    InetSocketAddress server(int ipIndex, int port) {
        return server.socket(ipIndex, port);
    }

    /** A host on {@code lan} running an echo engine on {@code ports}. */
    SimEndpoint<EchoEngine.Received> client(SimSegment lan, String name, int... ports) {
        return lan.addHost(name).attach(new EchoEngine(), ports);
    }

    /**
     * Sends {@code ASK} from {@code from} to {@code to}, the reply to come from {@code replyFrom} ({@code null}: the
     * socket asked), and returns the address the reflector saw, if a reply arrived within {@link #ASK_LIMIT}.
     */
    Optional<InetSocketAddress> ask(SimEndpoint<EchoEngine.Received> client, TransportAddress from,
                                    InetSocketAddress to, InetSocketAddress replyFrom) {
        String tag = "t" + (++tags);
        String text = "ASK " + tag + (replyFrom == null ? "" : " " + dev.nat4j.core.SocketAddresses.format(replyFrom));
        net.execute(() -> ((EchoEngine) client.engine()).send(from, to, text));
        net.runUntil(() -> EchoEngine.seen(client, tag).isPresent(), ASK_LIMIT);
        return EchoEngine.seen(client, tag);
    }

    /** As {@link #ask}, from the client's default socket, reply from the socket asked. */
    Optional<InetSocketAddress> ask(SimEndpoint<EchoEngine.Received> client, InetSocketAddress to) {
        return ask(client, null, to, null);
    }
}
