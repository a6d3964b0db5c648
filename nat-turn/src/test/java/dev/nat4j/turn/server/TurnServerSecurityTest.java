package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.addr;
import static dev.nat4j.turn.server.Harness.code;
import static dev.nat4j.turn.server.TurnServerEngineTest.CLIENT;
import static dev.nat4j.turn.server.TurnServerEngineTest.CLIENT2;
import static dev.nat4j.turn.server.TurnServerEngineTest.HELLO;
import static dev.nat4j.turn.server.TurnServerEngineTest.PEER;
import static dev.nat4j.turn.server.TurnServerEngineTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nat4j.core.Transmit;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.auth.LongTermCredentials;

/** SECURITY-NOTES §4 A (peer filtering), C (authentication) and D3/D4 (quotas), each with its exact outcome. */
class TurnServerSecurityTest {
    final Harness h = new Harness();

    /** A1-A8: every denied class, in every encoding the codec can carry, is 403 on CreatePermission and ChannelBind. */
    @ParameterizedTest
    @ValueSource(strings = {
            // A1 loopback
            "127.0.0.1", "127.255.255.254", "::1",
            // A2 unspecified
            "0.0.0.0", "0.1.2.3", "::",
            // A3 IPv4 re-encoded in IPv6
            "::ffff:127.0.0.1", "::127.0.0.2", "64:ff9b::7f00:1", "2002:7f00:1::1", "::ffff:169.254.169.254",
            "::ffff:10.0.0.1", "64:ff9b::a00:1",
            // A4 link-local, metadata, ULA, site-local
            "169.254.169.254", "169.254.0.1", "fe80::1", "fd00::1", "fec0::1",
            // A5 private, CGNAT, reserved, documentation, broadcast
            "10.0.0.1", "100.64.0.1", "172.16.0.1", "192.0.0.1", "192.0.2.1", "192.88.99.1", "192.168.1.1",
            "198.18.0.1", "198.51.100.1", "203.0.113.1", "240.0.0.1", "255.255.255.255",
            // A6 multicast
            "224.0.0.1", "239.255.255.250", "ff02::1",
            // A8 tunnels: Teredo, 6to4 (even around a public IPv4)
            "2001::1", "2001:0:4136:e378::1", "2002:808:808::1",
            // documentation v6
            "2001:db8::1"})
    void deniedPeersAre403(String ip) {
        InetSocketAddress peer = addr(ip, 3478);
        boolean v6 = peer.getAddress() instanceof java.net.Inet6Address;
        InetSocketAddress client = v6 ? CLIENT2 : CLIENT;
        StunMessage a = v6 ? h.allocate(client, dev.nat4j.stun.attribute.RequestedAddressFamily.ipv6())
                : h.allocate(client);
        assertEquals(0, code(a));
        assertEquals(403, code(h.permit(client, peer)), ip);
        assertEquals(403, code(h.bind(client, 0x4000, peer)), ip);
        assertNull(h.feed(Harness.LISTEN, client, send(peer, HELLO)), "Send to " + ip + " must be dropped");
        assertEquals(0, h.engine.tableSizes(Harness.LISTEN, client)[0], "no permission installed");
    }

    @Test
    void a5AllowEntryOpensExactlyThatAddress() {
        Harness open = new Harness(b -> b.peerFilter(PeerFilter.defaults().withAllow(Cidr.parse("10.1.2.3/32"))));
        open.allocated(CLIENT);
        assertEquals(0, code(open.permit(CLIENT, addr("10.1.2.3", 1))));
        assertEquals(403, code(open.permit(CLIENT, addr("10.1.2.4", 1))));
    }

    @Test
    void a5DenyEntryClosesAPublicRange() {
        Harness closed = new Harness(b -> b.peerFilter(PeerFilter.defaults().withDeny(Cidr.parse("93.184.0.0/16"))));
        closed.allocated(CLIENT);
        assertEquals(403, code(closed.permit(CLIENT, PEER)));
        assertEquals(0, code(closed.permit(CLIENT, addr("8.8.8.8", 1))));
    }

    @Test
    void a7TheServersOwnAddressAndLiveRelaysAreRefused() {
        Harness own = new Harness(b -> b.peerFilter(PeerFilter.defaults().withOwnAddress(Harness.ip("81.0.0.1"))));
        InetSocketAddress relayed = own.allocated(CLIENT);
        assertEquals(403, code(own.permit(CLIENT, addr("81.0.0.1", 3478))));
        // even when an operator allows the relay range, a channel to a live relayed address is a loop
        Harness loop = new Harness(b -> b.peerFilter(PeerFilter.defaults().withAllow(Cidr.parse("198.18.0.0/15"))));
        InetSocketAddress r1 = loop.allocated(CLIENT);
        loop.allocated(CLIENT2);
        assertEquals(403, code(loop.bind(CLIENT2, 0x4000, r1)));
        assertNotNull(relayed);
    }

    @Test
    void a11DatagramFromUnpermittedIpIsDroppedAndAnyPortOfAPermittedIpIsDelivered() {
        InetSocketAddress relayed = h.allocated(CLIENT);
        assertNull(h.feed(h.relay(relayed), PEER, ByteBuffer.wrap(HELLO)));
        assertEquals(0, code(h.permit(CLIENT, addr("93.184.216.34", 1))));
        for (int port : new int[] {1, 2, 65535}) {
            assertNotNull(h.feed(h.relay(relayed), addr("93.184.216.34", port), ByteBuffer.wrap(HELLO)));
        }
        assertNull(h.feed(h.relay(relayed), addr("93.184.216.35", 1), ByteBuffer.wrap(HELLO)));
    }

    @Test
    void a10TcpRelayIsNotOfferedSo442() {
        h.nonce(CLIENT);
        assertEquals(442, code(h.ask(CLIENT, h.signed(StunMethod.ALLOCATE, CLIENT)
                .add(new RequestedTransport(RequestedTransport.TCP)).build())));
    }

    @Test
    void b7DuplicatePeerAddressesFirstWinsForChannelBind() {
        h.allocated(CLIENT);
        StunMessage r = h.ask(CLIENT, h.signed(StunMethod.CHANNEL_BIND, CLIENT)
                .add(new dev.nat4j.stun.attribute.ChannelNumber(0x4000), new XorPeerAddress(PEER),
                        new XorPeerAddress(addr("127.0.0.1", 1))).build());
        assertEquals(0, code(r));
        assertEquals(1, h.engine.tableSizes(Harness.LISTEN, CLIENT)[0], "only the first peer is permitted");
    }

    @Test
    void c1NoIntegrityIs401WithRealmAndNonceNoIntegrityAndNoState() {
        StunMessage r = h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp()).build());
        assertEquals(401, code(r));
        assertEquals(Harness.REALM, r.get(Realm.TYPE).value());
        assertNotNull(r.get(Nonce.TYPE));
        assertNotNull(r.get(PasswordAlgorithms.TYPE));
        assertEquals(-1, r.integrityIndex());
        assertEquals(0, h.engine.allocationCount());
        assertEquals(0, h.engine.cachedResponses(), "nothing remembered about an unauthenticated client");
    }

    @Test
    void c2IntegrityWithoutUsernameRealmOrNonceIs400WithoutChallenge() {
        String nonce = h.nonce(CLIENT);
        byte[] key = LongTermCredentials.md5Key(Harness.USER, Harness.REALM, Harness.PASSWORD);
        for (int missing = 0; missing < 3; missing++) {
            dev.nat4j.stun.StunWriter w = new dev.nat4j.stun.StunWriter(ByteBuffer.allocate(512))
                    .start(StunMethod.ALLOCATE, dev.nat4j.stun.MessageClass.REQUEST,
                            dev.nat4j.stun.TransactionId.random())
                    .add(RequestedTransport.udp());
            if (missing != 0) {
                w.add(new Username(Harness.USER));
            }
            if (missing != 1) {
                w.add(new Realm(Harness.REALM));
            }
            if (missing != 2) {
                w.add(new Nonce(nonce));
            }
            StunMessage r = h.ask(CLIENT, w.addMessageIntegrity(key).finish());
            assertEquals(400, code(r));
            assertFalse(r.has(Nonce.CODE) || r.has(Realm.CODE) || r.integrityIndex() >= 0);
        }
    }

    @Test
    void c3UnknownUserAndWrongPasswordAnswerIdenticallyApartFromTheNonce() {
        String nonce = h.nonce(CLIENT);
        dev.nat4j.stun.TransactionId id = dev.nat4j.stun.TransactionId.random();
        StunMessage unknown = h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).id(id)
                .add(RequestedTransport.udp()).auth("mallory", Harness.REALM, nonce, "x").build());
        StunMessage wrong = h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).id(id)
                .add(RequestedTransport.udp()).auth(Harness.USER, Harness.REALM, nonce, "x").build());
        assertEquals(401, code(unknown));
        assertEquals(401, code(wrong));
        assertEquals(unknown.totalLength(), wrong.totalLength());
        assertEquals(unknown.attributeCount(), wrong.attributeCount());
        for (int i = 0; i < unknown.attributeCount(); i++) {
            assertEquals(unknown.attributeType(i), wrong.attributeType(i));
        }
        assertEquals(0, h.engine.allocationCount());
    }

    @Test
    void c3UserhashIsAccepted() {
        String nonce = h.nonce(CLIENT);
        byte[] key = LongTermCredentials.md5Key(Harness.USER, Harness.REALM, Harness.PASSWORD);
        ByteBuffer m = new dev.nat4j.stun.StunWriter(ByteBuffer.allocate(512))
                .start(StunMethod.ALLOCATE, dev.nat4j.stun.MessageClass.REQUEST, dev.nat4j.stun.TransactionId.random())
                .add(RequestedTransport.udp())
                .add(new dev.nat4j.stun.attribute.Userhash(LongTermCredentials.userhash(Harness.USER, Harness.REALM)))
                .add(new Realm(Harness.REALM)).add(new Nonce(nonce))
                .addMessageIntegrity(key).finish();
        assertEquals(0, code(h.ask(CLIENT, m)));
    }

    @Test
    void c4StaleNonceWithCorrectIntegrityIs438WithAFreshNonceThatWorks() {
        String nonce = h.nonce(CLIENT);
        h.now += Duration.ofSeconds(600).toNanos() - 1_000_000;
        assertEquals(0, code(h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build())), "1 ms before expiry");
        h.now += 2_000_000;
        StunMessage r = h.ask(CLIENT2 == null ? CLIENT : CLIENT, TestMessage.request(StunMethod.REFRESH)
                .auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build());
        assertEquals(438, code(r), "1 ms after expiry");
        String fresh = r.get(Nonce.TYPE).value();
        assertEquals(0, code(h.ask(CLIENT, TestMessage.request(StunMethod.REFRESH)
                .auth(Harness.USER, Harness.REALM, fresh, Harness.PASSWORD).build())));
    }

    @Test
    void c5ForgedOrForeignNonceIs438AndNothingIsAllocated() {
        String forged = dev.nat4j.stun.auth.NonceCookie.nonce(1, "0123456789abcdef0123456789abcdef01234567");
        assertEquals(438, code(h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .auth(Harness.USER, Harness.REALM, forged, Harness.PASSWORD).build())));
        assertEquals(438, code(h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .auth(Harness.USER, Harness.REALM, "abcdef", Harness.PASSWORD).build())));
        String issuedToOther = h.nonce(addr("10.0.0.2", 5000));
        assertEquals(438, code(h.ask(CLIENT, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .auth(Harness.USER, Harness.REALM, issuedToOther, Harness.PASSWORD).build())));
        assertEquals(0, h.engine.allocationCount());
    }

    @Test
    void c6ReplayFromTheSame5TupleGetsTheSameAnswerAndFromAnotherIs438() {
        ByteBuffer bytes = h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp()).build();
        Transmit first = h.feed(Harness.LISTEN, CLIENT, bytes);
        Transmit again = h.feed(Harness.LISTEN, CLIENT, bytes);
        assertEquals(first.payload(), again.payload());
        assertEquals(1, h.engine.allocationCount());
        assertEquals(438, code(h.ask(addr("10.9.9.9", 5000), bytes)));
        assertEquals(1, h.engine.allocationCount());
    }

    @Test
    void c7AnotherUserOnTheSame5TupleIs441AndAnother5TupleIs437() {
        h.allocated(CLIENT);
        StunMessage r = h.ask(CLIENT, TestMessage.request(StunMethod.REFRESH)
                .auth(Harness.USER2, Harness.REALM, h.nonce(CLIENT), Harness.PASSWORD2).build());
        assertEquals(441, code(r));
        StunMessage p = h.ask(CLIENT, TestMessage.request(StunMethod.CREATE_PERMISSION).add(new XorPeerAddress(PEER))
                .auth(Harness.USER2, Harness.REALM, h.nonce(CLIENT), Harness.PASSWORD2).build());
        assertEquals(441, code(p));
        assertEquals(437, code(h.ask(CLIENT2, h.signed(StunMethod.REFRESH, CLIENT2)
                .add(new dev.nat4j.stun.attribute.Lifetime(0)).build())));
        assertEquals(1, h.engine.allocationCount(), "the victim's allocation survives");
    }

    @Test
    void c8SharedSecretCredentials() {
        String secret = "north";
        long nowUnix = 1_700_000_000L;
        Harness rest = new Harness(b -> b.auth(new SharedSecretAuth(Harness.REALM, secret)));
        String good = (nowUnix + 3600) + ":alice";
        InetSocketAddress c = CLIENT;
        assertEquals(0, code(rest.ask(c, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                .auth(good, Harness.REALM, rest.nonce(c), SharedSecretAuth.password(secret, good)).build())));
        for (String bad : new String[] {(nowUnix - 1) + ":alice", "alice", "abc:alice", "-5:alice",
                "99999999999999999999:alice", ":alice", (nowUnix + 3600) + ""}) {
            StunMessage r = rest.ask(c, TestMessage.request(StunMethod.REFRESH)
                    .auth(bad, Harness.REALM, rest.nonce(c), SharedSecretAuth.password(secret, bad)).build());
            assertEquals(401, code(r), bad);
        }
        // the password of another secret does not work
        assertEquals(401, code(rest.ask(c, TestMessage.request(StunMethod.REFRESH)
                .auth(good, Harness.REALM, rest.nonce(c), SharedSecretAuth.password("south", good)).build())));
    }

    @Test
    void c9PasswordAlgorithmsBidDownIs400() {
        String nonce = h.nonce(CLIENT);
        byte[] key = LongTermCredentials.md5Key(Harness.USER, Harness.REALM, Harness.PASSWORD);
        ByteBuffer m = new dev.nat4j.stun.StunWriter(ByteBuffer.allocate(512))
                .start(StunMethod.ALLOCATE, dev.nat4j.stun.MessageClass.REQUEST, dev.nat4j.stun.TransactionId.random())
                .add(RequestedTransport.udp()).add(new Username(Harness.USER)).add(new Realm(Harness.REALM))
                .add(new Nonce(nonce)).add(PasswordAlgorithms.of(PasswordAlgorithm.MD5))
                .add(PasswordAlgorithm.md5()).addMessageIntegrity(key).finish();
        assertEquals(400, code(h.ask(CLIENT, m)));
    }

    @Test
    void d1UnauthenticatedErrorRepliesAreCappedPerSourceIp() {
        Harness limited = new Harness(b -> b.unauthenticatedRepliesPerSecond(10));
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            ByteBuffer m = TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp()).build();
            if (limited.feed(Harness.LISTEN, addr("10.0.0.1", 1000 + i), m) != null) {
                answered++;
            }
        }
        assertEquals(10, answered);
        assertEquals(90, limited.engine.stats().rateLimited());
        assertNotNull(limited.feed(Harness.LISTEN, addr("10.0.0.99", 1),
                TestMessage.request(StunMethod.ALLOCATE).build()), "another IP has its own budget");
        limited.now += 1_000_000_000L;
        assertNotNull(limited.feed(Harness.LISTEN, addr("10.0.0.1", 1),
                TestMessage.request(StunMethod.ALLOCATE).build()), "a new window");
    }

    @Test
    void d2SpoofedAllocatesLeaveNoState() {
        for (int i = 0; i < 10_000; i++) {
            InetSocketAddress spoofed = addr("100." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), i);
            h.feed(Harness.LISTEN, spoofed, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                    .auth(Harness.USER, Harness.REALM, "garbage", "wrong").build());
        }
        assertEquals(0, h.engine.allocationCount());
        assertEquals(0, h.engine.cachedResponses());
    }

    @Test
    void d3UserQuotaIs486AndFreeingOneLetsTheNextIn() {
        Harness q = new Harness(b -> b.maxAllocationsPerUser(2));
        q.allocated(addr("10.0.0.1", 1));
        q.allocated(addr("10.0.0.2", 1));
        assertEquals(486, code(q.allocate(addr("10.0.0.3", 1))));
        assertEquals(0, code(q.ask(addr("10.0.0.1", 1), q.signed(StunMethod.REFRESH, addr("10.0.0.1", 1))
                .add(new dev.nat4j.stun.attribute.Lifetime(0)).build())));
        assertEquals(0, code(q.allocate(addr("10.0.0.3", 1))));
    }

    @Test
    void d3ClientIpQuotaIs486() {
        Harness q = new Harness(b -> b.maxAllocationsPerClientIp(1));
        q.allocated(addr("10.0.0.1", 1));
        assertEquals(486, code(q.allocate(addr("10.0.0.1", 2))));
        assertEquals(0, code(q.allocate(addr("10.0.0.2", 1))));
    }

    @Test
    void d3PortRangeOf16ExhaustedIs508AndExpiryFreesOne() {
        Harness q = new Harness(b -> b, 16);
        List<InetSocketAddress> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            InetSocketAddress c = addr("10.0.1." + i, 1);
            clients.add(c);
            q.allocated(c);
        }
        assertEquals(508, code(q.allocate(addr("10.0.2.1", 1))));
        q.advance(Duration.ofSeconds(601));
        q.advance(Duration.ofSeconds(1));
        assertEquals(0, q.engine.allocationCount());
        assertEquals(0, code(q.allocate(addr("10.0.2.1", 1))));
    }

    @Test
    void d3TotalQuotaIs508() {
        Harness q = new Harness(b -> b.maxAllocations(1));
        q.allocated(CLIENT);
        assertEquals(508, code(q.allocate(CLIENT2)));
    }

    @Test
    void d4Permission1025Is508AndAFreedSlotIsReused() {
        h.allocate(CLIENT, new dev.nat4j.stun.attribute.Lifetime(3600));
        String nonce = h.nonce(CLIENT);
        for (int i = 0; i < 1024; i++) {
            InetSocketAddress peer = addr("44." + (i >> 8) + "." + (i & 255) + ".1", 1);
            StunMessage r = h.ask(CLIENT, TestMessage.request(StunMethod.CREATE_PERMISSION)
                    .add(new XorPeerAddress(peer)).auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build());
            assertEquals(0, code(r), peer.toString());
        }
        assertEquals(508, code(h.permit(CLIENT, addr("45.0.0.1", 1))));
        assertEquals(0, code(h.permit(CLIENT, addr("44.0.0.1", 1))), "refreshing an existing one is fine");
        assertEquals(1024, h.engine.tableSizes(Harness.LISTEN, CLIENT)[0]);
        h.now += Duration.ofSeconds(301).toNanos(); // all expire
        assertEquals(0, code(h.permit(CLIENT, addr("45.0.0.1", 1))), "expired slots are reusable");
    }

    @Test
    void b9OversizedUsernameIs400() {
        String nonce = h.nonce(CLIENT);
        byte[] longName = new byte[513];
        Arrays.fill(longName, (byte) 'a');
        ByteBuffer m = new dev.nat4j.stun.StunWriter(ByteBuffer.allocate(2048))
                .start(StunMethod.ALLOCATE, dev.nat4j.stun.MessageClass.REQUEST, dev.nat4j.stun.TransactionId.random())
                .add(RequestedTransport.udp()).addRaw(Username.CODE, longName).add(new Realm(Harness.REALM))
                .add(new Nonce(nonce)).addMessageIntegrity(new byte[16]).finish();
        assertEquals(400, code(h.ask(CLIENT, m)));
    }

    @Test
    void d5AnAllocationOverItsByteRateLosesTheExcessAndAnotherIsUnaffected() {
        Harness limited = new Harness(b -> b.maxBytesPerSecond(1000));
        InetSocketAddress relayA = limited.allocated(CLIENT);
        InetSocketAddress relayB = limited.allocated(CLIENT2);
        assertEquals(0, code(limited.bind(CLIENT, 0x4000, PEER)));
        assertEquals(0, code(limited.bind(CLIENT2, 0x4000, PEER)));
        byte[] hundred = new byte[100];
        int passedA = 0;
        int passedB = 0;
        // A sends 10x its limit for 2 s (200 x 100 B per second); B sends within its limit (5 x 100 B per second)
        for (int ms = 0; ms < 2000; ms += 5) {
            limited.now = Harness.T0 + ms * 1_000_000L + 10_000_000_000L;
            if (limited.feed(Harness.LISTEN, CLIENT, Harness.channelData(0x4000, hundred)) != null) {
                passedA++;
            }
            if (ms % 200 == 0 && limited.feed(Harness.LISTEN, CLIENT2, Harness.channelData(0x4000, hundred)) != null) {
                passedB++;
            }
        }
        assertTrue(passedA >= 20 && passedA <= 31, "A: about 1000 B/s for 2 s plus one second of burst: " + passedA);
        assertEquals(10, passedB, "B is unaffected");
        assertTrue(limited.engine.stats().overLimit() > 300);
        // the limit is per direction: the peer side of B still flows
        assertNotNull(limited.feed(limited.relay(relayB), PEER, ByteBuffer.wrap(hundred)));
        assertNotNull(relayA);
    }

    @Test
    void b3MalformedPeerAddressesAre400InRequestsAndDroppedInIndications() {
        h.allocated(CLIENT);
        byte[] family3 = {0, 3, 0x12, 0x34, 1, 2, 3, 4};
        byte[] ipv4Length7 = {0, 1, 0x12, 0x34, 1, 2, 3};
        byte[] ipv6Length8 = {0, 2, 0x12, 0x34, 1, 2, 3, 4};
        for (byte[] bad : new byte[][] {family3, ipv4Length7, ipv6Length8}) {
            assertEquals(400, code(h.ask(CLIENT, h.signed(StunMethod.CREATE_PERMISSION, CLIENT)
                    .raw(XorPeerAddress.CODE, bad).build())));
            assertEquals(400, code(h.ask(CLIENT, h.signed(StunMethod.CHANNEL_BIND, CLIENT)
                    .add(new dev.nat4j.stun.attribute.ChannelNumber(0x4000)).raw(XorPeerAddress.CODE, bad).build())));
            assertNull(h.feed(Harness.LISTEN, CLIENT, TestMessage.indication(StunMethod.SEND)
                    .raw(XorPeerAddress.CODE, bad).add(new dev.nat4j.stun.attribute.Data(HELLO)).build()));
        }
        assertEquals(0, h.engine.internalErrors());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 19, 20, 63, 80, 127, 128, 191, 192, 255})
    void b10NonStunFirstBytesAreDropped(int first) {
        h.allocated(CLIENT);
        assertEquals(0, code(h.bind(CLIENT, 0x4000, PEER)));
        ByteBuffer b = TestMessage.request(StunMethod.BINDING).build();
        b.put(0, (byte) first);
        assertNull(h.feed(Harness.LISTEN, CLIENT, b));
        ByteBuffer cd = Harness.channelData(0x4000, HELLO);
        cd.put(0, (byte) first);
        assertNull(h.feed(Harness.LISTEN, CLIENT, cd));
    }

    @Test
    void b1EveryPrefixOfAValidRequestIsDroppedSilently() {
        ByteBuffer full = h.signed(StunMethod.ALLOCATE, CLIENT).add(RequestedTransport.udp()).fingerprint().build();
        for (int n = 0; n < full.remaining(); n++) {
            ByteBuffer prefix = full.duplicate();
            prefix.limit(n);
            assertNull(h.feed(Harness.LISTEN, CLIENT, prefix), "prefix of " + n + " bytes");
        }
        assertEquals(0, h.engine.allocationCount());
        assertEquals(0, h.engine.internalErrors());
    }

    @Test
    void b2HeaderLengthLiesAreDropped() {
        ByteBuffer good = TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp()).build();
        for (int length : new int[] {0xFFFC, 0xFFF0, 4, 10, good.remaining() - 20 + 4}) {
            ByteBuffer lie = good.duplicate();
            ByteBuffer copy = ByteBuffer.allocate(lie.remaining()).put(lie).flip();
            copy.putShort(2, (short) length);
            assertNull(h.feed(Harness.LISTEN, CLIENT, copy), "length " + length);
        }
        assertEquals(0, h.engine.internalErrors());
    }

    @Test
    void b15AnswersNeverCarryStaleBytes() {
        // the engine's buffers are reused: a long answer followed by a short one must not leak the tail
        h.allocated(CLIENT);
        Transmit shortAnswer = h.feed(Harness.LISTEN, CLIENT, TestMessage.request(StunMethod.BINDING).build());
        StunMessage parsed = StunMessage.parse(shortAnswer.payload());
        assertEquals(shortAnswer.payload().remaining(), parsed.totalLength());
    }
}
