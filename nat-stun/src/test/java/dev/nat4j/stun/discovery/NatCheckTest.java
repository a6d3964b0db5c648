package dev.nat4j.stun.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.server.StunServer;

/** {@link NatCheck} on real loopback sockets against our own STUN server. */
class NatCheckTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static StunServer rfc5780Server() throws Exception {
        return StunServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .alternate(new InetSocketAddress("127.0.0.2", 0))
                .tcp(false)
                .start();
    }

    @Test
    void loopbackIsOpenInternet() throws Exception {
        try (StunServer server = rfc5780Server()) {
            List<DiscoveryProgress> progress = new CopyOnWriteArrayList<>();
            NatReport r = NatCheck.builder(server.rfc5780().primary())
                    .progressListener(progress::add)
                    .build().run().get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(MappingBehavior.NO_NAT, r.mapping(), r.toString());
            assertEquals(FilteringBehavior.ENDPOINT_INDEPENDENT, r.filtering(), r.toString());
            assertEquals(NatType.OPEN_INTERNET, r.natType());
            assertEquals(r.localAddress(), r.mappedAddress());
            assertEquals(InetAddress.getByName("127.0.0.1"), r.localAddress().getAddress());
            assertEquals(server.rfc5780().alternate(), r.otherAddress());
            assertNull(r.hairpinning());
            assertTrue(r.duration().compareTo(Duration.ofSeconds(2)) < 0, "answers are immediate: " + r);
            assertEquals(List.of(DiscoveryStep.CONNECTIVITY, DiscoveryStep.FILTERING_CHANGE_IP_AND_PORT),
                    progress.stream().map(DiscoveryProgress::step).toList());
        }
    }

    @Test
    void serverWithoutAlternateGivesUnknownFilteringButSeesNoNat() throws Exception {
        try (StunServer server = StunServer.builder().listen(new InetSocketAddress("127.0.0.1", 0)).tcp(false)
                .start()) {
            InetSocketAddress primary = server.localAddresses().get(0).socketAddress();
            NatReport r = NatCheck.builder(primary).build().run().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(MappingBehavior.NO_NAT, r.mapping(), r.toString());
            assertEquals(FilteringBehavior.UNKNOWN, r.filtering());
            assertEquals(NatType.UNKNOWN, r.natType());
            assertNull(r.otherAddress());
            assertTrue(r.reasons().stream().anyMatch(s -> s.contains("OTHER-ADDRESS")), r.reasons().toString());
        }
    }

    @Test
    void silentServerIsUdpBlockedWithinTheProbeTimeout() throws Exception {
        // A bound socket that never answers: nothing comes back, as when a firewall drops UDP.
        try (DatagramChannel silent = DatagramChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            long start = System.nanoTime();
            NatReport r = NatCheck.builder((InetSocketAddress) silent.getLocalAddress())
                    .probeTimeout(Duration.ofMillis(330))
                    .build().run().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(NatType.UDP_BLOCKED, r.natType());
            assertNull(r.mappedAddress());
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, took.toString());
            assertTrue(r.duration().compareTo(Duration.ofMillis(300)) >= 0, r.duration().toString());
        }
    }

    @Test
    void localAddressIsHonoured() throws Exception {
        try (StunServer server = rfc5780Server()) {
            NatReport r = NatCheck.builder(server.rfc5780().primary())
                    .localAddress(InetAddress.getByName("127.0.0.3"))
                    .hairpinning(false)
                    .build().run().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(InetAddress.getByName("127.0.0.3"), r.localAddress().getAddress());
            assertEquals(NatType.OPEN_INTERNET, r.natType());
        }
    }

    @Test
    void unbindableLocalAddressFailsTheFuture() throws Exception {
        NatCheck check = NatCheck.builder(new InetSocketAddress("127.0.0.1", 3478))
                .localAddress(InetAddress.getByName("192.0.2.123")) // TEST-NET-1: not on this host
                .build();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> check.run().get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(NatCheckException.class, e.getCause());
    }

    @Test
    void wildcardLocalAddressIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NatCheck.builder(new InetSocketAddress("127.0.0.1", 3478))
                .localAddress(InetAddress.getByName("0.0.0.0")));
    }
}
