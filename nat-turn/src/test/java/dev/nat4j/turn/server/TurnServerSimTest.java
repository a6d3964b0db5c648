package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.sim.DatagramEcho;
import dev.nat4j.core.sim.NatKind;
import dev.nat4j.core.sim.SimEndpoint;
import dev.nat4j.core.sim.SimHost;
import dev.nat4j.core.sim.SimNetwork;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.turn.ChannelData;
import dev.nat4j.turn.spi.RelaySocketAllocator;

/**
 * The engine in the simulated network: a client behind a port-restricted NAT relays through the server to a peer on
 * the public segment, in virtual time; relayed addresses are bound and released with {@code SimEndpoint.bind/unbind}.
 */
class TurnServerSimTest {

    /** Relays bound on the simulated server host. */
    static final class SimRelays implements RelaySocketAllocator {
        SimEndpoint<?> endpoint;
        final java.net.InetAddress ip;
        final List<TransportAddress> live = new ArrayList<>();

        SimRelays(java.net.InetAddress ip) {
            this.ip = ip;
        }

        @Override
        public boolean supports(boolean ipv6) {
            return !ipv6;
        }

        @Override
        public TransportAddress allocate(boolean ipv6, boolean evenPort) {
            TransportAddress a = endpoint.bind(new InetSocketAddress(ip, 0));
            live.add(a);
            return a;
        }

        @Override
        public void release(TransportAddress address) {
            live.remove(address);
            endpoint.unbind(address);
        }
    }

    /** Sends what the test queues; keeps what arrives. */
    static final class ScriptedClient implements Engine<Void> {
        final ArrayDeque<Transmit> out = new ArrayDeque<>();
        final List<byte[]> received = new ArrayList<>();

        void send(InetSocketAddress to, ByteBuffer datagram) {
            out.add(new Transmit(null, to, datagram));
        }

        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
            byte[] b = new byte[payload.remaining()];
            payload.get(payload.position(), b);
            received.add(b);
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public Transmit pollTransmit() {
            return out.poll();
        }

        @Override
        public long pollTimeout() {
            return NO_TIMEOUT;
        }

        @Override
        public Void pollEvent() {
            return null;
        }
    }

    @Test
    void clientBehindNatRelaysThroughChannelAndTheAllocationExpiresInVirtualTime() {
        SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(7));
        SimHost turnHost = net.internet().addHost("turn", "192.0.2.1");
        SimHost peerHost = net.internet().addHost("peer", "198.51.100.20");
        SimRelays relays = new SimRelays(turnHost.address());
        TurnServerEngine engine = new TurnServerEngine(TurnServerConfig.builder().realm("sim")
                .auth(StaticUsers.builder("sim").user("alice", "pw").build())
                // the simulator's public segment uses documentation blocks, denied by default
                .peerFilter(PeerFilter.defaults().withAllow(Cidr.parse("198.51.100.20/32")))
                .build(), relays);
        relays.endpoint = turnHost.attach(engine, 3478);
        peerHost.attach(new DatagramEcho(), 9000);
        ScriptedClient client = new ScriptedClient();
        net.addLan("home", NatKind.PORT_RESTRICTED_CONE).addHost("alice").attach(client, 40000);
        InetSocketAddress turn = turnHost.socket(3478);
        InetSocketAddress peer = peerHost.socket(9000);

        StunMessage challenge = exchange(net, client, turn, TestMessage.request(StunMethod.ALLOCATE)
                .add(RequestedTransport.udp()).build());
        assertEquals(401, code(challenge));
        String nonce = challenge.get(Nonce.TYPE).value();
        StunMessage allocated = exchange(net, client, turn, TestMessage.request(StunMethod.ALLOCATE)
                .add(RequestedTransport.udp()).auth("alice", "sim", nonce, "pw").build());
        assertEquals(0, code(allocated), net.describe());
        assertEquals(turnHost.address(), allocated.get(XorRelayedAddress.TYPE).address().getAddress());
        assertEquals(0, code(exchange(net, client, turn, TestMessage.request(StunMethod.CHANNEL_BIND)
                .add(new ChannelNumber(0x4000), new XorPeerAddress(peer)).auth("alice", "sim", nonce, "pw").build())));

        byte[] hello = "over the relay".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int before = client.received.size();
        net.execute(() -> client.send(turn, Harness.channelData(0x4000, hello)));
        net.awaitOrFail(() -> client.received.size() > before, Duration.ofSeconds(5), "echo through the relay");
        ByteBuffer back = ByteBuffer.wrap(client.received.get(before));
        assertEquals(0x4000, ChannelData.channelNumber(back));
        assertArrayEquals(hello, Arrays.copyOfRange(back.array(), 4, 4 + hello.length));

        // lifetime 600 s: in virtual time the allocation expires and its relay socket is unbound
        assertEquals(1, relays.live.size());
        net.runFor(Duration.ofSeconds(602));
        assertEquals(0, relays.live.size(), net.describe());
        assertEquals(0, engine.allocationCount());
        assertTrue(engine.stats().packetsToPeers() >= 1);
    }

    private static StunMessage exchange(SimNetwork net, ScriptedClient client, InetSocketAddress to, ByteBuffer m) {
        int before = client.received.size();
        net.execute(() -> client.send(to, m));
        net.awaitOrFail(() -> client.received.size() > before, Duration.ofSeconds(5), "an answer");
        return StunMessage.parse(ByteBuffer.wrap(client.received.get(before)));
    }

}
