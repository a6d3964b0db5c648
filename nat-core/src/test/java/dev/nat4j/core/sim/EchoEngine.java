package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

import dev.nat4j.core.Engine;
import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * A tiny text "reflector" engine for simulator tests, standing in for STUN until the real codec exists. Every
 * datagram it receives becomes a {@link Received} event. It answers two requests:
 * <ul>
 *   <li>{@code ASK <tag>}: replies {@code SEEN <tag> <ip:port>} with the source address it saw, from the socket the
 *       request arrived on (a Binding request);</li>
 *   <li>{@code ASK <tag> <ip:port>}: the same reply, sent from its own socket {@code ip:port} (a Binding request with
 *       CHANGE-REQUEST, RFC 5780);</li>
 *   <li>{@code PING <tag>}: replies {@code PONG <tag>} to the source it saw (a connectivity check answered to the
 *       peer-reflexive address).</li>
 * </ul>
 *
 * <pre>{@code
 * SimEndpoint<EchoEngine.Received> client = alice.attach(new EchoEngine(), 40000);
 * net.execute(() -> ((EchoEngine) client.engine()).send(null, server.socket(3478), "ASK t1"));
 * net.runUntil(() -> EchoEngine.seen(client, "t1").isPresent(), Duration.ofSeconds(1));
 * }</pre>
 */
public final class EchoEngine implements Engine<EchoEngine.Received> {

    /**
     * One datagram that reached the engine.
     *
     * @param local  the socket it arrived on
     * @param remote who sent it, as seen here (after any NAT)
     * @param text   its payload as UTF-8
     * @param at     virtual arrival time in nanoseconds
     */
    public record Received(TransportAddress local, InetSocketAddress remote, String text, long at) {
    }

    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<Received> events = new ArrayDeque<>();
    private long received;

    /** Queues {@code text} to {@code destination}, from {@code source} ({@code null}: the default socket). */
    public void send(TransportAddress source, InetSocketAddress destination, String text) {
        transmits.add(new Transmit(source, destination, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    /** Datagrams received so far. */
    public long receivedCount() {
        return received;
    }

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        received++;
        events.add(new Received(local, remote, text, now));
        String[] words = text.split(" ");
        if (words.length == 2 && words[0].equals("PING")) {
            send(local, remote, "PONG " + words[1]);
            return;
        }
        if (words.length < 2 || !words[0].equals("ASK")) {
            return;
        }
        TransportAddress from = local;
        if (words.length >= 3) {
            try {
                from = TransportAddress.udp(SocketAddresses.parse(words[2]));
            } catch (IllegalArgumentException e) {
                return; // bad input: drop, never throw
            }
        }
        send(from, remote, "SEEN " + words[1] + " " + SocketAddresses.format(remote));
    }

    @Override
    public void handleTimeout(long now) {
    }

    @Override
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    @Override
    public long pollTimeout() {
        return NO_TIMEOUT;
    }

    @Override
    public Received pollEvent() {
        return events.poll();
    }

    /** The address reported in the first {@code SEEN <tag> ...} reply the endpoint received, if any. */
    public static Optional<InetSocketAddress> seen(SimEndpoint<Received> endpoint, String tag) {
        return reply(endpoint, tag).map(r -> SocketAddresses.parse(r.text().split(" ")[2]));
    }

    /** The first {@code SEEN <tag> ...} reply the endpoint received, if any. */
    public static Optional<Received> reply(SimEndpoint<Received> endpoint, String tag) {
        String prefix = "SEEN " + tag + " ";
        return endpoint.events().stream().filter(r -> r.text().startsWith(prefix)).findFirst();
    }

    /** Whether any received datagram's text equals {@code text}. */
    public static boolean got(SimEndpoint<Received> endpoint, String text) {
        return endpoint.events().stream().anyMatch(r -> r.text().equals(text));
    }
}
