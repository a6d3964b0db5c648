package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.Userhash;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.transaction.RetransmissionPolicy;

/** The allocation machine against a scripted server on explicit time: auth flows, retries, timers, data. */
class TurnClientEngineTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 3478);
    private static final InetSocketAddress OTHER = new InetSocketAddress("192.0.2.2", 3478);
    private static final InetSocketAddress THIRD = new InetSocketAddress("192.0.2.3", 3478);
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.20", 6000);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static TurnClientConfig config() {
        return TurnClientConfig.of("alice", "secret").withAutoBindChannels(false);
    }

    private static EngineHarness allocated(TurnClientConfig config) {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        EngineHarness h = new EngineHarness(config, server);
        h.start(server);
        h.only(TurnEvent.Allocated.class);
        return h;
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unauthenticatedAllocateGets401ThenSucceedsWithMd5Credentials() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);

        TurnEvent.Allocated a = h.only(TurnEvent.Allocated.class);
        assertEquals(List.of(server.relayed4), a.relayedAddresses());
        assertEquals(server.mapped, a.mappedAddress());
        assertEquals(600, a.lifetimeSeconds());
        List<StunMessage> allocates = server.requests(StunMethod.ALLOCATE);
        assertEquals(2, allocates.size());
        assertFalse(allocates.get(0).has(Username.CODE), "first Allocate goes without credentials");
        assertEquals("alice", allocates.get(1).get(Username.TYPE).value());
        assertTrue(allocates.get(1).integrityIndex() >= 0);
        assertEquals(TurnClientEngine.State.ALLOCATED, h.engine.state());
    }

    @Test
    void sha256IsNegotiatedThroughTheNonceCookieAndUserhashReplacesUsername() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER).securityFeatures(true, true);
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);

        h.only(TurnEvent.Allocated.class);
        StunMessage signed = server.requests(StunMethod.ALLOCATE).get(1);
        assertEquals(PasswordAlgorithm.SHA256, signed.get(PasswordAlgorithm.TYPE).algorithm());
        assertTrue(signed.integritySha256Index() >= 0, "MESSAGE-INTEGRITY-SHA256 signs the request");
        assertTrue(signed.has(Userhash.CODE));
        assertFalse(signed.has(Username.CODE));
    }

    @Test
    void credentialsSupplierIsAskedOnEvery401() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.always401 = true;
        TurnClientConfig c = TurnClientConfig.of(() -> {
            calls.incrementAndGet();
            return new TurnCredentials("alice", "secret");
        });
        EngineHarness h = new EngineHarness(c, server);
        h.start(server);
        assertEquals(2, calls.get(), "one fetch per 401 that is retried");
    }

    @Test
    void unauthorizedForeverEndsInABoundedAuthenticationError() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.always401 = true;
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);

        TurnError e = h.only(TurnEvent.Failed.class).error();
        assertEquals(TurnError.Reason.AUTHENTICATION, e.reason());
        assertEquals(401, e.code());
        assertEquals(3, server.requests(StunMethod.ALLOCATE).size(), "unsigned + 2 signed attempts");
        assertEquals(TurnClientEngine.State.FAILED, h.engine.state());
        h.advance(Duration.ofMinutes(5));
        assertEquals(3, server.requests.size(), "nothing more is sent after the failure");
    }

    @Test
    void staleNonceIsRetriedOnceWithTheNewNonce() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        server.staleNonces = 1;
        assertTrue(h.engine.createPermission(PEER.getAddress(), h.now));
        h.pump();

        assertEquals(PEER.getAddress(), h.only(TurnEvent.PermissionInstalled.class).peer());
        assertEquals(2, server.requests(StunMethod.CREATE_PERMISSION).size());
    }

    @Test
    void staleNonceForeverEndsInABoundedError() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.always438 = true;
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);

        TurnError e = h.only(TurnEvent.Failed.class).error();
        assertEquals(TurnError.Reason.STALE_NONCE_LOOP, e.reason());
        assertEquals(438, e.code());
        assertEquals(5, server.requests(StunMethod.ALLOCATE).size(), "unsigned, signed, then 3 retries");
    }

    @Test
    void tryAlternateIsFollowed() {
        ScriptedTurnServer first = new ScriptedTurnServer(SERVER);
        first.alternate = OTHER;
        ScriptedTurnServer second = new ScriptedTurnServer(OTHER);
        second.realm = "other.realm";
        EngineHarness h = new EngineHarness(config(), first, second);
        h.start(first);

        assertEquals(new TurnEvent.Redirected(SERVER, OTHER), h.only(TurnEvent.Redirected.class));
        TurnEvent.Allocated a = h.only(TurnEvent.Allocated.class);
        assertEquals(OTHER, a.server());
        assertEquals(OTHER, h.engine.server());
        assertEquals(2, second.requests(StunMethod.ALLOCATE).size());
    }

    @Test
    void redirectLoopEndsInABoundedError() {
        ScriptedTurnServer a = new ScriptedTurnServer(SERVER);
        a.alternate = OTHER;
        ScriptedTurnServer b = new ScriptedTurnServer(OTHER);
        b.alternate = SERVER;
        EngineHarness h = new EngineHarness(config(), a, b);
        h.start(a);

        assertEquals(TurnError.Reason.REDIRECT, h.only(TurnEvent.Failed.class).error().reason());
        assertEquals(1, a.requests.size());
        assertEquals(1, b.requests.size());
    }

    @Test
    void redirectChainLongerThanTheBoundFails() {
        ScriptedTurnServer a = new ScriptedTurnServer(SERVER);
        a.alternate = OTHER;
        ScriptedTurnServer b = new ScriptedTurnServer(OTHER);
        b.alternate = THIRD;
        ScriptedTurnServer c = new ScriptedTurnServer(THIRD);
        EngineHarness h = new EngineHarness(config().withRetryBounds(2, 3, 1), a, b, c);
        h.start(a);

        TurnError e = h.only(TurnEvent.Failed.class).error();
        assertEquals(TurnError.Reason.REDIRECT, e.reason());
        assertTrue(c.requests.isEmpty());
    }

    @Test
    void oversizedRealmIsAClearProtocolError() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.oversizedRealm = true;
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);

        TurnError e = h.only(TurnEvent.Failed.class).error();
        assertEquals(TurnError.Reason.PROTOCOL, e.reason());
        assertTrue(e.message().contains("REALM"), e.message());
        assertEquals(1, server.requests.size());
    }

    @Test
    void refreshIsSentSixtySecondsBeforeExpiryAndKeepsTheAllocationAlive() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        long allocatedAt = h.now;
        h.advanceTo(allocatedAt + 539 * SECOND);
        assertTrue(server.requests(StunMethod.REFRESH).isEmpty());
        h.advanceTo(allocatedAt + 540 * SECOND);
        assertEquals(1, server.requests(StunMethod.REFRESH).size());
        assertEquals(1, h.events(TurnEvent.Refreshed.class).size());

        h.advance(Duration.ofHours(2));
        assertEquals(1 + 7200 / 540, server.requests(StunMethod.REFRESH).size());
        assertEquals(TurnClientEngine.State.ALLOCATED, h.engine.state());
    }

    @Test
    void shortLifetimeIsRefreshedAtHalfTime() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.grantedLifetime = 60;
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);
        long allocatedAt = h.now;
        h.advanceTo(allocatedAt + 29 * SECOND);
        assertTrue(server.requests(StunMethod.REFRESH).isEmpty());
        h.advanceTo(allocatedAt + 30 * SECOND);
        assertEquals(1, server.requests(StunMethod.REFRESH).size());
    }

    @Test
    void silentServerLetsTheAllocationExpireWithAClearError() {
        EngineHarness h = allocated(config());
        h.first().silent = true;
        long allocatedAt = h.now;
        h.advance(Duration.ofMinutes(11));

        TurnError e = h.only(TurnEvent.Failed.class).error();
        assertEquals(TurnError.Reason.EXPIRED, e.reason());
        assertTrue(h.events(TurnEvent.Refreshed.class).isEmpty());
        assertTrue(h.transmitTimes.get(h.transmitTimes.size() - 1) <= allocatedAt + 600 * SECOND);
    }

    @Test
    void allocationMismatchOnRefreshEndsTheAllocation() {
        EngineHarness h = allocated(config());
        h.first().mismatchOn = StunMethod.REFRESH;
        h.advance(Duration.ofMinutes(10));
        assertEquals(TurnError.Reason.ALLOCATION_MISMATCH, h.only(TurnEvent.Failed.class).error().reason());
    }

    @Test
    void permissionIsRefreshedWhileInUseAndLapsesWhenIdle() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        for (int minute = 0; minute < 10; minute++) {
            assertTrue(h.engine.send(PEER, text("m" + minute), h.now));
            h.pump();
            h.advance(Duration.ofMinutes(1));
        }
        int whileBusy = server.requests(StunMethod.CREATE_PERMISSION).size();
        assertEquals(3, whileBusy, "installed at 0, refreshed at 4 and 8 minutes");
        assertEquals(10, server.sendIndications.size());

        h.advance(Duration.ofMinutes(10));
        assertEquals(whileBusy + 1, server.requests(StunMethod.CREATE_PERMISSION).size(),
                "one more refresh for the traffic of minutes 8-9, then it lapses");
        assertFalse(h.engine.hasPermission(PEER.getAddress()));
    }

    @Test
    void dataGoesAsSendIndicationsUntilTheChannelIsBoundThenAsChannelData() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        h.engine.send(PEER, text("before"), h.now);
        h.pump();
        assertEquals(1, server.sendIndications.size());

        int channel = h.engine.bindChannel(PEER, h.now);
        h.pump();
        assertEquals(new TurnEvent.ChannelBound(PEER, channel), h.only(TurnEvent.ChannelBound.class));
        h.engine.send(PEER, text("after"), h.now);
        h.pump();

        assertEquals(1, server.sendIndications.size());
        assertEquals(List.of(new ScriptedTurnServer.Relayed(PEER, "after", channel)), server.channelData);
    }

    @Test
    void autoBindQueuesTheFirstDatagramsAndSendsThemAsChannelData() {
        EngineHarness h = allocated(TurnClientConfig.of("alice", "secret"));
        ScriptedTurnServer server = h.first();
        h.engine.send(PEER, text("one"), h.now);
        h.engine.send(PEER, text("two"), h.now);
        h.pump();

        assertTrue(server.sendIndications.isEmpty());
        assertEquals(List.of("one", "two"), server.channelData.stream().map(ScriptedTurnServer.Relayed::text).toList());
        assertTrue(server.requests(StunMethod.CREATE_PERMISSION).isEmpty(), "ChannelBind installs the permission");
        assertTrue(h.engine.isChannelBound(PEER));
    }

    @Test
    void channelIsRefreshedBeforeTenMinutesWhileInUse() {
        EngineHarness h = allocated(TurnClientConfig.of("alice", "secret"));
        ScriptedTurnServer server = h.first();
        for (int minute = 0; minute < 20; minute++) {
            h.engine.send(PEER, text("m"), h.now);
            h.pump();
            h.advance(Duration.ofMinutes(1));
        }
        assertEquals(3, server.requests(StunMethod.CHANNEL_BIND).size(), "at 0, 9 and 18 minutes");
        assertTrue(h.engine.isChannelBound(PEER));
        assertEquals(20, server.channelData.size());
    }

    @Test
    void incomingDataIndicationAndChannelDataBecomePeerData() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        h.engine.createPermission(PEER.getAddress(), h.now);
        int channel = h.engine.bindChannel(PEER, h.now);
        h.pump();

        h.deliver(SERVER, server.dataIndication(PEER, "via indication"));
        h.deliver(SERVER, ScriptedTurnServer.channelData(channel, "via channel"));
        InetSocketAddress stranger = new InetSocketAddress("198.51.100.99", 1);
        h.deliver(SERVER, server.dataIndication(stranger, "no permission"));
        h.deliver(OTHER, ScriptedTurnServer.channelData(channel, "not from the server"));

        List<TurnEvent.PeerData> data = h.events(TurnEvent.PeerData.class);
        assertEquals(2, data.size());
        assertEquals(PEER, data.get(0).peer());
        assertEquals("via indication", StandardCharsets.UTF_8.decode(data.get(0).data()).toString());
        assertEquals(0, data.get(0).channel());
        assertEquals("via channel", StandardCharsets.UTF_8.decode(data.get(1).data()).toString());
        assertEquals(channel, data.get(1).channel());
    }

    @Test
    void closeSendsRefreshWithLifetimeZero() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        h.engine.close(h.now);
        h.pump();

        StunMessage refresh = server.requests(StunMethod.REFRESH).get(0);
        assertEquals(0, refresh.get(Lifetime.TYPE).seconds());
        h.only(TurnEvent.Closed.class);
        assertEquals(TurnClientEngine.State.CLOSED, h.engine.state());
        assertFalse(h.engine.send(PEER, text("late"), h.now));
    }

    @Test
    void lostRequestsAreRetransmittedOnTheRfcSchedule() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        EngineHarness h = new EngineHarness(config(), server);
        AtomicInteger sent = new AtomicInteger();
        h.lose = b -> sent.incrementAndGet() <= 2;
        long start = h.now;
        h.start(server);
        assertTrue(h.events.isEmpty());
        h.advance(Duration.ofSeconds(2));

        h.only(TurnEvent.Allocated.class);
        assertEquals(List.of(start, start + SECOND / 2, start + 3 * SECOND / 2, start + 3 * SECOND / 2),
                h.transmitTimes, "sends at 0, 0.5 and 1.5 s; the signed retry right after the 401");
    }

    @Test
    void unansweredAllocateTimesOut() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.silent = true;
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);
        h.advance(Duration.ofSeconds(40));
        assertEquals(TurnError.Reason.TIMEOUT, h.only(TurnEvent.Failed.class).error().reason());
        assertEquals(7, h.transmitTimes.size());
    }

    @Test
    void responseWithBadIntegrityIsDroppedAndTheRequestRetransmitted() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.badIntegrity = true;
        EngineHarness h = new EngineHarness(config(), server);
        h.start(server);
        assertTrue(h.events.isEmpty(), "forged success ignored");
        long dropped = h.engine.dropped();
        assertTrue(dropped >= 1);

        server.badIntegrity = false;
        h.advance(Duration.ofMillis(600));
        h.only(TurnEvent.Allocated.class);
        assertEquals(3, server.requests(StunMethod.ALLOCATE).size(), "the signed Allocate was retransmitted");
    }

    @Test
    void dualAllocationReportsBothRelayedAddresses() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        EngineHarness h = new EngineHarness(config().withAdditionalIpv6(true), server);
        h.start(server);
        TurnEvent.Allocated a = h.only(TurnEvent.Allocated.class);
        assertEquals(List.of(server.relayed4, server.relayed6), a.relayedAddresses());
    }

    @Test
    void encodeAndDecodeChannelDataInCallerBuffers() {
        EngineHarness h = allocated(config());
        int channel = h.engine.bindChannel(PEER, h.now);
        h.pump();
        ByteBuffer out = ByteBuffer.allocate(100);
        int n = h.engine.encodeChannelData(PEER, text("abc"), out, h.now);
        assertEquals(7, n);
        assertEquals(channel, out.getShort(0) & 0xFFFF);
        assertEquals(-1, h.engine.encodeChannelData(new InetSocketAddress("198.51.100.1", 1), text("x"), out, h.now));

        out.flip();
        ReceivedData rx = new ReceivedData();
        assertTrue(h.engine.decodeData(out, rx, h.now));
        assertEquals(PEER, rx.peer());
        assertEquals(4, rx.offset());
        assertEquals(3, rx.length());
        assertNotNull(InetAddress.getLoopbackAddress());
    }

    @Test
    void idleUdpAllocationSendsKeepalivesAndBusyOneDoesNot() {
        EngineHarness h = allocated(config());
        ScriptedTurnServer server = h.first();
        h.advance(Duration.ofSeconds(61));
        assertEquals(4, server.bindingIndications, "at 15, 30, 45 and 60 s of silence");

        for (int i = 0; i < 12; i++) {
            h.engine.send(PEER, text("busy"), h.now);
            h.pump();
            h.advance(Duration.ofSeconds(5));
        }
        assertEquals(4, server.bindingIndications, "data every 5 s keeps the mapping alive by itself");
    }

    @Test
    void permissionExpiringWhileItsRefreshIsOutstandingDoesNotSpin() {
        TurnClientConfig d = config();
        TurnClientConfig lateRefresh = new TurnClientConfig(d.credentials(), d.policy(), 0, false, null,
                d.refreshMargin(), Duration.ofSeconds(290), d.channelRefresh(), 2, 3, 3, 16, false,
                d.keepaliveInterval());
        EngineHarness h = allocated(lateRefresh);
        h.engine.createPermission(PEER.getAddress(), h.now);
        h.pump();
        h.first().silent = true;
        h.advance(Duration.ofMinutes(6)); // refresh at 290 s is still retransmitting when the permission expires

        TurnEvent.PermissionFailed f = h.only(TurnEvent.PermissionFailed.class);
        assertEquals(TurnError.Reason.TIMEOUT, f.error().reason());
        assertFalse(h.engine.hasPermission(PEER.getAddress()));
    }

    @Test
    void fastPolicyKeepsTestsShort() {
        RetransmissionPolicy fast = new RetransmissionPolicy(Duration.ofMillis(10), 3, 2, Duration.ofSeconds(1));
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        server.silent = true;
        EngineHarness h = new EngineHarness(config().withPolicy(fast), server);
        h.start(server);
        h.advance(Duration.ofMillis(50));
        assertEquals(TurnError.Reason.TIMEOUT, h.only(TurnEvent.Failed.class).error().reason());
    }
}
