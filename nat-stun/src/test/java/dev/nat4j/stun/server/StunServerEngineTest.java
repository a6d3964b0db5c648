package dev.nat4j.stun.server;

import static dev.nat4j.stun.server.EngineHarness.CLIENT;
import static dev.nat4j.stun.server.EngineHarness.CLIENT6;
import static dev.nat4j.stun.server.EngineHarness.LOCAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.MappedAddress;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.ResponseOrigin;
import dev.nat4j.stun.attribute.Software;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;

class StunServerEngineTest {

    @Test
    void minimalBindingRequestGetsOnlyXorMappedAddress() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults());
        byte[] request = Requests.binding();
        EngineHarness.Answer a = h.send(request);

        assertNotNull(a);
        assertSame(LOCAL, a.source(), "answered from the address the request reached");
        assertEquals(CLIENT, a.destination());
        StunMessage m = a.message();
        assertTrue(a.isBindingSuccess());
        assertArrayEquals(Arrays.copyOfRange(request, 8, 20), Arrays.copyOfRange(a.bytes(), 8, 20), "transaction id");
        assertEquals(CLIENT, m.get(XorMappedAddress.TYPE).address());
        assertEquals(1, m.attributeCount(), "no SOFTWARE, MAPPED-ADDRESS, FINGERPRINT or RFC 5780 attributes: " + m);
        assertEquals(1, h.engine.stats().successResponses());
    }

    @Test
    void amplificationOfAMinimalIpv4RequestIsAtMost1point6() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults());
        byte[] request = Requests.binding();
        EngineHarness.Answer a = h.send(request);
        double factor = (double) a.bytes().length / request.length;
        assertEquals(20, request.length);
        assertEquals(32, a.bytes().length);
        assertTrue(factor <= 1.6, "amplification " + factor);
    }

    @Test
    void ipv6ClientGetsAnIpv6MappedAddress() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults());
        TransportAddress local6 = TransportAddress.udp(dev.nat4j.core.SocketAddresses.parse("[2001:db8::1]:3478"));
        EngineHarness.Answer a = h.send(local6, CLIENT6, Requests.binding());
        assertEquals(CLIENT6, a.message().get(XorMappedAddress.TYPE).address());
        assertEquals(44, a.bytes().length, "20 header + 24 XOR-MAPPED-ADDRESS (IPv6)");
    }

    @Test
    void fingerprintOnlyWhenTheRequestHadOne() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults());
        EngineHarness.Answer with = h.send(Requests.binding(w -> w.addFingerprint()));
        StunMessage m = with.message();
        assertTrue(m.fingerprintIndex() >= 0);
        assertTrue(IntegrityCodec.verifyFingerprint(m));

        EngineHarness.Answer without = h.send(Requests.binding());
        assertEquals(-1, without.message().fingerprintIndex());
    }

    @Test
    void softwareAndMappedAddressOnlyWhenConfigured() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults().withSoftware("nat4j test").withMappedAddress(true));
        StunMessage m = h.send(Requests.binding()).message();
        assertEquals("nat4j test", m.get(Software.TYPE).value());
        assertEquals(CLIENT, m.get(MappedAddress.TYPE).address());
        assertFalse(m.has(OtherAddress.TYPE));
        assertFalse(m.has(ResponseOrigin.TYPE));
    }

    @Test
    void answersOnTheTcpConnectionItCameOn() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults());
        TransportAddress tcp = LOCAL.withTransport(Transport.TCP);
        EngineHarness.Answer a = h.send(tcp, CLIENT, Requests.binding());
        assertSame(tcp, a.source());
        assertEquals(CLIENT, a.destination());
        assertEquals(CLIENT, a.message().get(XorMappedAddress.TYPE).address());
    }

    @Test
    void hasNoTimersAndNoEvents() {
        StunServerEngine e = new StunServerEngine(StunServerConfig.defaults());
        assertEquals(Engine.NO_TIMEOUT, e.pollTimeout());
        e.handleTimeout(5);
        assertNull(e.pollTransmit());
        assertNull(e.pollEvent());
    }

    @Test
    void answersFromAReusedBufferLeakNothingStale() {
        // CVE-2020-4067 class: build answers in a buffer full of 0xAA and compare with answers from a clean one.
        StunServerConfig config = StunServerConfig.defaults().withSoftware("odd");
        ByteBuffer dirty = ByteBuffer.allocate(64 * 1024);
        Arrays.fill(dirty.array(), (byte) 0xAA);
        EngineHarness stale = new EngineHarness(new StunServerEngine(config, dirty));
        EngineHarness clean = new EngineHarness(config);
        byte[][] requests = {
            Requests.binding(w -> w.addRaw(0x0026, new byte[13]).addFingerprint()),
            Requests.binding(w -> w.addRaw(0x0099, new byte[1])),
            Requests.rawRequest(0x0003, new byte[0]),
            Requests.binding(),
        };
        for (byte[] r : requests) {
            assertArrayEquals(clean.send(r).bytes(), stale.send(r).bytes());
        }
    }

    @Test
    void statsCountEachOutcome() {
        EngineHarness h = new EngineHarness(StunServerConfig.defaults());
        h.send(Requests.binding());
        h.send(Requests.binding(w -> w.addRaw(0x0099, new byte[4])));
        h.send(Requests.rawRequest(0x0003, new byte[0]));
        h.send(new byte[] {1, 2, 3});
        StunServerStats s = h.engine.stats();
        assertEquals(4, s.received());
        assertEquals(1, s.successResponses());
        assertEquals(1, s.unknownAttributeResponses());
        assertEquals(1, s.badRequestResponses());
        assertEquals(1, s.dropped(DropReason.NOT_STUN));
        assertEquals(1, s.droppedTotal());
    }

    @Test
    void aDefectInsideTheEngineIsCountedNotThrown() {
        // A read-only scratch buffer makes every answer fail half-way: the engine must swallow its own failure.
        ByteBuffer readOnly = ByteBuffer.allocate(64 * 1024).asReadOnlyBuffer();
        StunServerEngine e = new StunServerEngine(StunServerConfig.defaults(), readOnly);
        for (int i = 0; i < 3; i++) {
            e.handleDatagram(LOCAL, CLIENT, ByteBuffer.wrap(Requests.binding()), i);
            assertNull(e.pollTransmit());
        }
        assertEquals(3, e.stats().dropped(DropReason.INTERNAL_ERROR));
        assertEquals(3, e.stats().received());
    }
}
