package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.sim.NatKind;
import dev.nat4j.core.sim.SimEndpoint;
import dev.nat4j.core.sim.DatagramEcho;
import dev.nat4j.core.sim.SimHost;
import dev.nat4j.core.sim.SimNetwork;
import dev.nat4j.core.sim.SimSeedReporter;
import dev.nat4j.core.testing.NatMatrixFile;

/**
 * The client behind every simulated NAT kind, relaying to a public echo peer through a scripted relay, then idling
 * for 20 minutes (NAT mappings time out after 2) and relaying again: keepalives and refreshes must hold the
 * allocation's 5-tuple.
 */
@ExtendWith(SimSeedReporter.class)
class TurnClientSimTest {
    /** What each kind gave, for the README's NAT matrix ({@code .ci/update-readme-matrix}); the lab's columns. */
    private static final NatMatrixFile MATRIX = new NatMatrixFile("turn-sim.tsv",
            "test", "kind", "transport", "allocated", "relayedAddress", "mappedAddress", "roundTripsOk", "sent",
            "allocateMs", "channelData", "error");

    @ParameterizedTest
    @EnumSource(value = NatKind.class, names = "UDP_BLOCKED", mode = EnumSource.Mode.EXCLUDE)
    void relaysFromBehindEveryNatAndSurvivesIdlePeriods(NatKind kind) {
        SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(7));
        SimHost relayHost = net.internet().addHost("turn", "192.0.2.1");
        ScriptedTurnServer script = new ScriptedTurnServer(relayHost.socket(3478));
        SimRelayEngine relay = new SimRelayEngine(script, relayHost.socket(49152));
        relayHost.attachAt(relay, relayHost.socket(3478), relayHost.socket(49152));
        SimHost peerHost = net.internet().addHost("peer", "198.51.100.20");
        peerHost.attach(new DatagramEcho(), 6000);
        InetSocketAddress peer = peerHost.socket(6000);

        SimHost alice = net.addLan("alice", kind).addHost("alice");
        TurnClientEngine client = new TurnClientEngine(TurnClientConfig.of("alice", "secret"));
        SimEndpoint<TurnEvent> endpoint = alice.attach(client, 40000);
        long started = net.now();
        int sent = 0;
        long allocatedAt = -1;
        String error = null;
        try {
            net.execute(() -> client.start(null, script.address, net.now()));
            net.awaitOrFail(() -> client.state() == TurnClientEngine.State.ALLOCATED, Duration.ofSeconds(10),
                    "allocation from behind " + kind);
            allocatedAt = net.now();
            if (kind != NatKind.OPEN) {
                assertNotEquals(alice.address(), client.mappedAddress().getAddress(), "mapped address is the NAT's");
            }

            sent++;
            exchange(net, client, endpoint, peer, "first", 1);
            net.runFor(Duration.ofMinutes(20));
            assertEquals(TurnClientEngine.State.ALLOCATED, client.state(), net.describe());
            sent++;
            exchange(net, client, endpoint, peer, "after idling", 2);
            assertEquals(0, relay.strangers, "the allocation's 5-tuple changed under a NAT: " + net.describe());
            assertTrue(script.requests(dev.nat4j.stun.StunMethod.REFRESH).size() >= 2);
        } catch (AssertionError | RuntimeException e) {
            error = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw e;
        } finally {
            record(kind, endpoint, peer, sent, allocatedAt < 0 ? -1 : allocatedAt - started, error);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NatKind.class, names = "UDP_BLOCKED")
    void blockedUdpEndsInATimeout(NatKind kind) {
        SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(7));
        SimHost relayHost = net.internet().addHost("turn", "192.0.2.1");
        ScriptedTurnServer script = new ScriptedTurnServer(relayHost.socket(3478));
        relayHost.attachAt(new SimRelayEngine(script, relayHost.socket(49152)), relayHost.socket(3478),
                relayHost.socket(49152));
        SimHost alice = net.addLan("alice", kind).addHost("alice");
        TurnClientEngine client = new TurnClientEngine(TurnClientConfig.of("alice", "secret"));
        SimEndpoint<TurnEvent> endpoint = alice.attach(client, 40000);
        net.execute(() -> client.start(null, script.address, net.now()));
        net.runFor(Duration.ofSeconds(45));

        List<TurnEvent.Failed> failed = endpoint.events(TurnEvent.Failed.class);
        record(kind, endpoint, null, 0, -1, failed.isEmpty() ? null : failed.get(0).error().reason().toString());
        assertEquals(1, failed.size());
        assertEquals(TurnError.Reason.TIMEOUT, failed.get(0).error().reason());
    }

    /**
     * One row of the README's NAT matrix (recording only: the assertions decide): what the client got from behind
     * {@code kind}, in the lab's columns; the allocation time is virtual.
     */
    private static void record(NatKind kind, SimEndpoint<TurnEvent> endpoint, InetSocketAddress peer, int sent,
            long allocateNanos, String error) {
        List<TurnEvent.Allocated> allocated = endpoint.events(TurnEvent.Allocated.class);
        List<TurnEvent.PeerData> echoes = endpoint.events(TurnEvent.PeerData.class).stream()
                .filter(d -> d.peer().equals(peer)).toList();
        MATRIX.record("relay", kind, "udp", allocated.isEmpty() ? "no" : "yes",
                allocated.isEmpty() ? null : SocketAddresses.format(allocated.get(0).relayedAddresses().get(0)),
                allocated.isEmpty() || allocated.get(0).mappedAddress() == null ? null
                        : SocketAddresses.format(allocated.get(0).mappedAddress()),
                Math.min(echoes.size(), sent), sent, allocateNanos < 0 ? null : allocateNanos / 1_000_000,
                echoes.stream().anyMatch(d -> d.channel() != 0) ? "yes" : "no", error);
    }

    private static void exchange(SimNetwork net, TurnClientEngine client, SimEndpoint<TurnEvent> endpoint,
            InetSocketAddress peer, String text, int expected) {
        net.execute(() -> client.send(peer, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), net.now()));
        net.awaitOrFail(() -> endpoint.events(TurnEvent.PeerData.class).size() >= expected, Duration.ofSeconds(10),
                "echo of '" + text + "'");
        TurnEvent.PeerData d = endpoint.events(TurnEvent.PeerData.class).get(expected - 1);
        assertEquals(peer, d.peer());
        assertEquals(text, StandardCharsets.UTF_8.decode(d.data()).toString());
    }
}
