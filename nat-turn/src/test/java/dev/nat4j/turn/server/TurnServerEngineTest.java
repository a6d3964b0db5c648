package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.addr;
import static dev.nat4j.turn.server.Harness.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.AlternateServer;
import dev.nat4j.stun.attribute.Data;
import dev.nat4j.stun.attribute.DontFragment;
import dev.nat4j.stun.attribute.EvenPort;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.MessageIntegrity;
import dev.nat4j.stun.attribute.RequestedAddressFamily;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.ReservationToken;
import dev.nat4j.stun.attribute.UnknownAttributes;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.turn.ChannelData;

/** The TURN state machine on explicit time: SECURITY-NOTES §4 E1-E10 and the relay paths. */
class TurnServerEngineTest {
    static final InetSocketAddress CLIENT = addr("10.0.0.1", 5000);
    static final InetSocketAddress CLIENT2 = addr("10.0.0.2", 5000);
    static final InetSocketAddress PEER = addr("93.184.216.34", 9000);
    static final InetSocketAddress PEER_OTHER_PORT = addr("93.184.216.34", 9001);
    static final InetSocketAddress PEER2 = addr("8.8.8.8", 53);
    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    final Harness h = new Harness();

    @Test
    void allocateSucceedsWithRelayedMappedAddressAndDefaultLifetimeSignedWithTheUsersKey() {
        StunMessage r = h.allocate(CLIENT);
        assertEquals(0, code(r));
        assertEquals(addr("198.18.0.1", 50000), r.get(XorRelayedAddress.TYPE).address());
        assertEquals(CLIENT, r.get(XorMappedAddress.TYPE).address());
        assertEquals(600, r.get(Lifetime.TYPE).seconds());
        assertTrue(IntegrityCodec.verify(r, LongTermCredentials.md5Key(Harness.USER, Harness.REALM,
                Harness.PASSWORD)));
        assertInstanceOf(TurnServerEvent.AllocationCreated.class, h.engine.pollEvent());
        assertEquals(1, h.engine.allocationCount());
    }

    @Test
    void sha256KeysAndIntegritySha256AreAccepted() {
        StunMessage r = h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).sha256().add(RequestedTransport.udp())
                .build());
        assertEquals(0, code(r));
        assertTrue(r.integritySha256Index() >= 0);
    }

    @Test
    void e1SecondAllocateOn5TupleIs437ButARetransmissionGetsTheCachedSuccess() {
        TestMessage first = h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp());
        ByteBuffer bytes = first.build();
        StunMessage a = h.ask(CLIENT, bytes);
        assertEquals(0, code(a));
        StunMessage again = h.ask(CLIENT, bytes);
        assertEquals(0, code(again));
        assertEquals(a.get(XorRelayedAddress.TYPE), again.get(XorRelayedAddress.TYPE));
        assertEquals(1, h.engine.allocationCount());
        assertEquals(1, h.relays.live.size());
        assertEquals(437, code(h.allocate(CLIENT)));
        // after 40 s the cache forgets; the same bytes are processed anew (and the nonce is still valid: 437)
        h.advance(Duration.ofSeconds(40));
        assertEquals(437, code(h.ask(CLIENT, bytes)));
    }

    @Test
    void e2RequestsWithoutAllocationAre437AndIndicationsAreDropped() {
        assertEquals(437, code(h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT).build())));
        assertEquals(437, code(h.permit(CLIENT, PEER)));
        assertEquals(437, code(h.bind(CLIENT, 0x4000, PEER)));
        assertNull(h.feed(Harness.LISTEN, CLIENT, TestMessage.indication(StunMethod.SEND)
                .add(new XorPeerAddress(PEER), new Data(HELLO)).build()));
        assertNull(h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4000, HELLO)));
    }

    @Test
    void e3RefreshZeroDeletesFreesThePortAndLaterSendsAreDropped() {
        InetSocketAddress relayed = h.allocated(CLIENT);
        assertEquals(0, code(h.permit(CLIENT, PEER)));
        StunMessage r = h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT).add(new Lifetime(0)).build());
        assertEquals(0, code(r));
        assertEquals(0, r.get(Lifetime.TYPE).seconds());
        assertEquals(0, h.engine.allocationCount());
        assertEquals(1, h.relays.released.size());
        h.engine.pollEvent();
        TurnServerEvent.AllocationDeleted d = assertInstanceOf(TurnServerEvent.AllocationDeleted.class,
                h.engine.pollEvent());
        assertEquals(TurnServerEvent.Reason.DELETED_BY_CLIENT, d.reason());
        assertNull(h.feed(Harness.LISTEN, CLIENT, send(PEER, HELLO)));
        assertNull(h.feed(h.relay(relayed), PEER, ByteBuffer.wrap(HELLO)));
    }

    @Test
    void anExpiredButUnsweptAllocationDoesNotBlockANewOne() {
        h.allocated(CLIENT);
        h.now += Duration.ofSeconds(601).toNanos(); // no handleTimeout: the sweep has not run
        assertEquals(0, code(h.allocate(CLIENT)));
        assertEquals(1, h.engine.allocationCount());
    }

    @Test
    void trafficToAReleasedRelayAddressIsNeverTakenForAClientRequest() {
        InetSocketAddress relayed = h.allocated(CLIENT);
        assertEquals(0, code(h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT).add(new Lifetime(0)).build())));
        // the NIO glue keeps the socket bound for reuse: a peer now sends it requests and ChannelData
        TransportAddress stale = h.relay(relayed);
        assertNull(h.feed(stale, PEER, TestMessage.request(StunMethod.BINDING).build()));
        assertNull(h.feed(stale, PEER, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .build()));
        assertNull(h.feed(stale, PEER, Harness.channelData(0x4000, HELLO)));
        // handed out again, it relays for its new owner
        h.relays.next = relayed.getPort();
        InetSocketAddress again = h.allocated(CLIENT2);
        assertEquals(relayed, again);
        assertEquals(0, code(h.permit(CLIENT2, PEER)));
        assertNotNull(h.feed(stale, PEER, ByteBuffer.wrap(HELLO)));
    }

    @Test
    void e4LifetimeIsClampedAndReadUnsigned() {
        assertEquals(3600, h.allocate(CLIENT, new Lifetime(0xFFFFFFFFL)).get(Lifetime.TYPE).seconds());
        assertEquals(600, h.allocate(CLIENT2, new Lifetime(1)).get(Lifetime.TYPE).seconds());
        InetSocketAddress c3 = addr("10.0.0.3", 1);
        assertEquals(1200, h.allocate(c3, new Lifetime(1200)).get(Lifetime.TYPE).seconds());
        StunMessage r = h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT).add(new Lifetime(0x80000000L)).build());
        assertEquals(3600, r.get(Lifetime.TYPE).seconds());
    }

    @Test
    void e5RequestedTransportMissingIs400AndTcpOrUnknownIs442() {
        assertEquals(400, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).build())));
        assertEquals(442, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT)
                .add(new RequestedTransport(RequestedTransport.TCP)).build())));
        assertEquals(442, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT)
                .add(new RequestedTransport(99)).build())));
        assertEquals(0, h.engine.allocationCount());
    }

    @Test
    void e6EvenPortWithTokenIs400UnknownTokenIs508PlainEvenPortGivesAnEvenPort() {
        assertEquals(400, code(h.allocate(CLIENT, new EvenPort(false), new ReservationToken(42))));
        assertEquals(508, code(h.allocate(CLIENT, new ReservationToken(42))));
        StunMessage r = h.allocate(CLIENT, new EvenPort(false));
        assertEquals(0, code(r));
        assertEquals(0, r.get(XorRelayedAddress.TYPE).address().getPort() % 2);
    }

    @Test
    void e7UnknownFamilyIs440AndPeerFamilyMismatchIs443() {
        assertEquals(440, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp())
                .raw(RequestedAddressFamily.CODE, new byte[] {3, 0, 0, 0}).build())));
        h.allocated(CLIENT);
        assertEquals(443, code(h.permit(CLIENT, addr("2606:4700::1111", 80))));
        assertEquals(443, code(h.bind(CLIENT, 0x4000, addr("2606:4700::1111", 80))));
        StunMessage v6 = h.allocate(CLIENT2, RequestedAddressFamily.ipv6());
        assertEquals(0, code(v6));
        assertTrue(v6.get(XorRelayedAddress.TYPE).address().getAddress() instanceof java.net.Inet6Address);
        assertEquals(443, code(h.permit(CLIENT2, PEER)));
        assertEquals(0, code(h.permit(CLIENT2, addr("2606:4700::1111", 80))));
    }

    @Test
    void additionalIpv6FamilyGetsTheIpv4RelayAndAnAddressErrorFor440() {
        StunMessage r = h.allocate(CLIENT, dev.nat4j.stun.attribute.AdditionalAddressFamily.ipv6());
        assertEquals(0, code(r));
        dev.nat4j.stun.attribute.AddressErrorCode e = r.get(dev.nat4j.stun.attribute.AddressErrorCode.TYPE);
        assertEquals(2, e.family());
        assertEquals(440, e.code());
        assertEquals(400, code(h.allocate(CLIENT2, dev.nat4j.stun.attribute.AdditionalAddressFamily.ipv4())));
        assertEquals(400, code(h.allocate(addr("10.0.0.3", 1), dev.nat4j.stun.attribute.AdditionalAddressFamily.ipv6(),
                RequestedAddressFamily.ipv4())), "both family attributes");
    }

    @Test
    void evenPortReservingTheNextPortIs508BecausePairsAreNotReserved() {
        assertEquals(508, code(h.allocate(CLIENT, new EvenPort(true))));
        assertEquals(0, h.engine.allocationCount());
    }

    @Test
    void refreshWithTheOtherFamilyIs443() {
        h.allocated(CLIENT);
        assertEquals(443, code(h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT)
                .add(RequestedAddressFamily.ipv6()).build())));
        assertEquals(0, code(h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT)
                .add(RequestedAddressFamily.ipv4()).build())));
    }

    @Test
    void channelCapIs508() {
        Harness capped = new Harness(b -> b.maxChannelsPerAllocation(2));
        capped.allocated(CLIENT);
        assertEquals(0, code(capped.bind(CLIENT, 0x4000, PEER)));
        assertEquals(0, code(capped.bind(CLIENT, 0x4001, PEER2)));
        assertEquals(508, code(capped.bind(CLIENT, 0x4002, addr("1.1.1.1", 53))));
        assertEquals(0, code(capped.bind(CLIENT, 0x4000, PEER)), "re-binding an existing channel is fine");
    }

    @Test
    void drainingRefusesNewAllocationsButServesLiveOnes() {
        h.allocated(CLIENT);
        h.engine.stopAccepting();
        assertEquals(508, code(h.allocate(CLIENT2)));
        assertEquals(0, code(h.bind(CLIENT, 0x4000, PEER)));
        assertNotNull(h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4000, HELLO)));
        assertEquals(0, code(h.ask(CLIENT, h.signed(StunMethod.REFRESH, CLIENT).add(new Lifetime(0)).build())));
        assertEquals(0, h.engine.allocationCount());
    }

    @Test
    void familyNotServedIs440() {
        h.relays.ipv6 = false;
        assertEquals(440, code(h.allocate(CLIENT, RequestedAddressFamily.ipv6())));
    }

    @Test
    void e8ChannelBindConflictsAre400AndRebindRefreshes() {
        h.allocate(CLIENT, new Lifetime(3600));
        assertEquals(0, code(h.bind(CLIENT, 0x4000, PEER)));
        assertEquals(400, code(h.bind(CLIENT, 0x4000, PEER2)), "number bound to another peer");
        assertEquals(400, code(h.bind(CLIENT, 0x4001, PEER)), "peer bound to another number");
        assertEquals(400, code(h.bind(CLIENT, 0x4000, PEER_OTHER_PORT)), "same IP, other port is another peer");
        h.advance(Duration.ofSeconds(500));
        assertEquals(0, code(h.bind(CLIENT, 0x4000, PEER)), "re-bind refreshes");
        h.advance(Duration.ofSeconds(500)); // 1000 s after the first bind, 500 s after the refresh
        assertNotNull(h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4000, HELLO)));
    }

    @Test
    void b11ChannelNumbersOutsideTheRangeAre400() {
        h.allocated(CLIENT);
        for (int n : new int[] {0x0000, 0x3FFF, 0x5000, 0x7FFF, 0xFFFF}) {
            assertEquals(400, code(h.bind(CLIENT, n, PEER)), Integer.toHexString(n));
        }
        assertEquals(0, code(h.bind(CLIENT, 0x4FFF, PEER)));
    }

    @Test
    void legacyChannelRangeIsOnlyAcceptedWhenConfigured() {
        Harness legacy = new Harness(b -> b.legacyChannelNumbers(true));
        InetSocketAddress relayed = legacy.allocated(CLIENT);
        assertEquals(0, code(legacy.bind(CLIENT, 0x7FFF, PEER)));
        assertEquals(400, code(legacy.bind(CLIENT, 0x8000, PEER2)));
        assertEquals(PEER, legacy.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x7FFF, HELLO)).destination());
        assertEquals(0x7FFF, ChannelData.channelNumber(legacy.feed(legacy.relay(relayed), PEER,
                ByteBuffer.wrap(HELLO)).payload()));
        h.allocated(CLIENT);
        assertEquals(400, code(h.bind(CLIENT, 0x5000, PEER)), "RFC 8656 range by default");
    }

    @Test
    void e9PermissionExpiresAt300sToTheMillisecond() {
        InetSocketAddress relayed = h.allocated(CLIENT);
        h.now = Harness.T0; // the permission is installed at T0
        assertEquals(0, code(h.permit(CLIENT, PEER)));
        long installed = h.now;
        h.now = installed + Duration.ofSeconds(300).toNanos() - 1_000_000;
        assertNotNull(h.feed(h.relay(relayed), PEER, ByteBuffer.wrap(HELLO)), "1 ms before expiry");
        assertNotNull(h.feed(Harness.LISTEN, CLIENT, send(PEER, HELLO)));
        h.now = installed + Duration.ofSeconds(300).toNanos() + 1_000_000;
        assertNull(h.feed(h.relay(relayed), PEER, ByteBuffer.wrap(HELLO)), "1 ms after expiry");
        assertNull(h.feed(Harness.LISTEN, CLIENT, send(PEER, HELLO)));
    }

    @Test
    void e9ChannelExpiresAt600sToTheMillisecond() {
        h.allocate(CLIENT, new Lifetime(3600));
        assertEquals(0, code(h.bind(CLIENT, 0x4000, PEER)));
        long bound = h.now;
        h.now = bound + Duration.ofSeconds(600).toNanos() - 1_000_000;
        assertNotNull(h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4000, HELLO)));
        h.now = bound + Duration.ofSeconds(600).toNanos() + 1_000_000;
        assertNull(h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4000, HELLO)));
    }

    @Test
    void e9AllocationExpiresAt600sToTheMillisecondAndIsReaped() {
        h.allocated(CLIENT);
        long created = h.now;
        h.engine.pollEvent();
        assertEquals(0, code(h.permit(CLIENT, PEER)));
        h.now = created + Duration.ofSeconds(600).toNanos() - 1_000_000;
        h.engine.handleTimeout(h.now);
        assertEquals(1, h.engine.allocationCount());
        assertEquals(0, code(h.ask(CLIENT, h.signed(StunMethod.CREATE_PERMISSION, CLIENT)
                .add(new XorPeerAddress(PEER)).build())));
        h.now = created + Duration.ofSeconds(600).toNanos() + 1_000_000;
        assertNull(h.feed(Harness.LISTEN, CLIENT, send(PEER, HELLO)));
        h.engine.handleTimeout(h.now);
        assertEquals(0, h.engine.allocationCount());
        assertEquals(1, h.relays.released.size());
        TurnServerEvent.AllocationDeleted d = assertInstanceOf(TurnServerEvent.AllocationDeleted.class,
                h.engine.pollEvent());
        assertEquals(TurnServerEvent.Reason.EXPIRED, d.reason());
        h.now += Duration.ofSeconds(41).toNanos();
        h.engine.handleTimeout(h.now);
        assertEquals(Long.MAX_VALUE, h.engine.pollTimeout(), "nothing left to sweep once the cache is empty too");
    }

    @Test
    void e10DontFragmentIs420WithUnknownAttributes() {
        StunMessage r = h.allocate(CLIENT, DontFragment.INSTANCE);
        assertEquals(420, code(r));
        assertArrayEquals(new int[] {DontFragment.CODE}, r.get(UnknownAttributes.TYPE).codes());
        assertEquals(0, h.engine.allocationCount());
    }

    @Test
    void b5UnknownComprehensionRequiredAttributeIs420AndOptionalIsIgnored() {
        StunMessage r = h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp())
                .raw(0x0099, new byte[4]).build());
        assertEquals(420, code(r));
        assertArrayEquals(new int[] {0x0099}, r.get(UnknownAttributes.TYPE).codes());
        assertEquals(0, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp())
                .raw(0x8099, new byte[4]).build())));
    }

    @Test
    void b6TrailingLifetimeAfterIntegrityIsIgnored() {
        TestMessage m = h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp(), new Lifetime(1200))
                .trailing(Lifetime.CODE, new byte[] {0, 0, 0x0E, 0x10});
        assertEquals(1200, h.ask(CLIENT, m.build()).get(Lifetime.TYPE).seconds());
    }

    @Test
    void b13UnknownMethodRequestIs400AndStrayIndicationsAreDropped() {
        assertEquals(400, code(h.ask(CLIENT, TestMessage.request(0x00FF).build())));
        assertNull(h.feed(Harness.LISTEN, CLIENT, TestMessage.indication(StunMethod.ALLOCATE).build()));
        assertNull(h.feed(Harness.LISTEN, CLIENT, TestMessage.indication(StunMethod.DATA).build()));
    }

    @Test
    void bindingIsAnsweredOnTheSamePort() {
        StunMessage r = h.ask(CLIENT, TestMessage.request(StunMethod.BINDING).build());
        assertEquals(0, code(r));
        assertEquals(CLIENT, r.get(XorMappedAddress.TYPE).address());
    }

    @Test
    void sendAndDataIndicationsRelayBothWays() {
        InetSocketAddress relayed = h.allocated(CLIENT);
        assertEquals(0, code(h.permit(CLIENT, PEER)));
        Transmit out = h.feed(Harness.LISTEN, CLIENT, send(PEER, HELLO));
        assertEquals(PEER, out.destination());
        assertEquals(h.relay(relayed), out.source());
        assertArrayEquals(HELLO, bytes(out.payload()));
        // a11: from a permitted IP, any port
        Transmit back = h.feed(h.relay(relayed), PEER_OTHER_PORT, ByteBuffer.wrap(HELLO));
        assertEquals(CLIENT, back.destination());
        assertEquals(Harness.LISTEN, back.source());
        StunMessage data = StunMessage.parse(back.payload());
        assertTrue(data.isIndication());
        assertEquals(StunMethod.DATA, data.method());
        assertEquals(PEER_OTHER_PORT, data.get(XorPeerAddress.TYPE).address());
        assertArrayEquals(HELLO, data.get(Data.TYPE).bytes());
    }

    @Test
    void channelDataRelaysBothWays() {
        InetSocketAddress relayed = h.allocated(CLIENT);
        assertEquals(0, code(h.bind(CLIENT, 0x4001, PEER)));
        Transmit out = h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4001, HELLO));
        assertEquals(PEER, out.destination());
        assertEquals(h.relay(relayed), out.source());
        assertArrayEquals(HELLO, bytes(out.payload()));
        Transmit back = h.feed(h.relay(relayed), PEER, ByteBuffer.wrap(HELLO));
        assertEquals(CLIENT, back.destination());
        ByteBuffer cd = back.payload();
        assertEquals(0x4001, ChannelData.channelNumber(cd));
        assertEquals(HELLO.length, ChannelData.validLength(cd, false));
        // another port of the same IP has the permission but no channel: Data indication
        Transmit other = h.feed(h.relay(relayed), PEER_OTHER_PORT, ByteBuffer.wrap(HELLO));
        assertTrue(StunMessage.parse(other.payload()).isIndication());
    }

    @Test
    void channelDataOverTcpIsPaddedToFour() {
        TransportAddress tcp = Harness.LISTEN.withTransport(dev.nat4j.core.Transport.TCP);
        StunMessage challenge = StunMessage.parse(h.feed(tcp, CLIENT, TestMessage.request(StunMethod.ALLOCATE)
                .add(RequestedTransport.udp()).build()).payload());
        String nonce = challenge.get(dev.nat4j.stun.attribute.Nonce.TYPE).value();
        Transmit ok = h.feed(tcp, CLIENT, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build());
        InetSocketAddress relayed = StunMessage.parse(ok.payload()).get(XorRelayedAddress.TYPE).address();
        StunMessage bound = StunMessage.parse(h.feed(tcp, CLIENT, TestMessage.request(StunMethod.CHANNEL_BIND)
                .add(new dev.nat4j.stun.attribute.ChannelNumber(0x4002), new XorPeerAddress(PEER))
                .auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build()).payload());
        assertEquals(0, code(bound));
        Transmit back = h.feed(h.relay(relayed), PEER, ByteBuffer.wrap(HELLO));
        assertEquals(tcp, back.source());
        assertEquals(8 + 4, back.payload().remaining(), "5 bytes of data padded to 8");
        assertEquals(0, back.payload().get(4 + 5));
    }

    @Test
    void malformedChannelDataIsDropped() {
        h.allocated(CLIENT);
        assertEquals(0, code(h.bind(CLIENT, 0x4000, PEER)));
        ByteBuffer lies = Harness.channelData(0x4000, HELLO);
        lies.putShort(2, (short) 100);
        assertNull(h.feed(Harness.LISTEN, CLIENT, lies));
        assertNull(h.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4005, HELLO)), "unbound channel");
        assertNull(h.feed(Harness.LISTEN, CLIENT2, Harness.channelData(0x4000, HELLO)), "other 5-tuple");
    }

    @Test
    void alternateServerRedirectsAllocateWith300() {
        Harness alt = new Harness(b -> b.alternateServer(addr("203.0.113.9", 3478)));
        StunMessage r = alt.allocate(CLIENT);
        assertEquals(300, code(r));
        assertEquals(addr("203.0.113.9", 3478), r.get(AlternateServer.TYPE).address());
        assertTrue(r.has(MessageIntegrity.CODE));
        assertEquals(0, alt.engine.allocationCount());
    }

    @Test
    void externalIpIsAdvertised() {
        Harness ext = new Harness(b -> b.externalIp(Harness.ip("203.0.113.50")));
        assertEquals(addr("203.0.113.50", 50000), ext.allocated(CLIENT));
    }

    @Test
    void fingerprintIsCheckedAndEchoed() {
        StunMessage r = h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp())
                .fingerprint().build());
        assertTrue(r.fingerprintIndex() >= 0);
        ByteBuffer bad = h.signed(StunMethod.REFRESH, CLIENT).fingerprint().build();
        bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) ^ 1));
        assertNull(h.feed(Harness.LISTEN, CLIENT, bad));
    }

    @Test
    void sameTransactionIdFromAnotherTupleIsNotReplayed() {
        TransactionId id = TransactionId.random();
        assertEquals(0, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT).id(id)
                .add(RequestedTransport.udp()).build())));
        assertEquals(0, code(h.ask(CLIENT2, h.signed(StunMethod.ALLOCATE, CLIENT2).id(id)
                .add(RequestedTransport.udp()).build())));
        assertEquals(2, h.engine.allocationCount());
    }

    static ByteBuffer send(InetSocketAddress peer, byte[] data) {
        return TestMessage.indication(StunMethod.SEND).add(new XorPeerAddress(peer), new Data(data)).build();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
