package dev.nat4j.stun.server;

import static dev.nat4j.stun.server.EngineHarness.CLIENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.MappedAddress;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.Padding;
import dev.nat4j.stun.attribute.ResponseOrigin;
import dev.nat4j.stun.attribute.ResponsePort;
import dev.nat4j.stun.attribute.UnknownAttributes;
import dev.nat4j.stun.attribute.XorMappedAddress;

/** RFC 5780 §6-7 server behaviour: table 1, OTHER-ADDRESS, RESPONSE-ORIGIN, RESPONSE-PORT, PADDING. */
class StunServerRfc5780Test {
    static final InetSocketAddress A1P1 = SocketAddresses.parse("192.0.2.1:3478");
    static final InetSocketAddress A2P1 = SocketAddresses.parse("192.0.2.2:3478");
    static final InetSocketAddress A1P2 = SocketAddresses.parse("192.0.2.1:3479");
    static final InetSocketAddress A2P2 = SocketAddresses.parse("192.0.2.2:3479");
    static final Rfc5780Addresses PAIR = new Rfc5780Addresses(A1P1, A2P2);

    private final EngineHarness h = new EngineHarness(StunServerConfig.defaults().withRfc5780(PAIR));

    private static byte[] change(boolean ip, boolean port) {
        return Requests.binding(w -> w.add(new ChangeRequest(ip, port)));
    }

    @Test
    void plainRequestGetsOtherAddressResponseOriginAndBothMappedAddresses() {
        EngineHarness.Answer a = h.send(Requests.binding());
        StunMessage m = a.message();
        assertEquals(CLIENT, m.get(XorMappedAddress.TYPE).address());
        assertEquals(CLIENT, m.get(MappedAddress.TYPE).address(), "RFC 5780 §6.1: MUST include both");
        assertEquals(A1P1, m.get(ResponseOrigin.TYPE).address());
        assertEquals(A2P2, m.get(OtherAddress.TYPE).address());
        assertSame(EngineHarness.LOCAL, a.source());
    }

    @Test
    void table1SourceAndOtherAddressForEveryLocalAddressAndFlag() {
        InetSocketAddress[] byIndex = {A1P1, A2P1, A1P2, A2P2};
        for (int here = 0; here < 4; here++) {
            TransportAddress local = TransportAddress.udp(byIndex[here]);
            InetSocketAddress da = byIndex[here];
            InetSocketAddress diagonal = byIndex[here ^ 3];
            for (int flags = 0; flags < 4; flags++) {
                boolean changeIp = (flags & 1) != 0;
                boolean changePort = (flags & 2) != 0;
                EngineHarness.Answer a = h.send(local, CLIENT, change(changeIp, changePort));
                assertNotNull(a);
                String what = "at " + da + " ip=" + changeIp + " port=" + changePort;
                InetSocketAddress expected = new InetSocketAddress(
                        (changeIp ? diagonal : da).getAddress(), (changePort ? diagonal : da).getPort());
                assertEquals(expected, a.source().socketAddress(), what);
                assertEquals(Transport.UDP, a.source().transport());
                assertEquals(CLIENT, a.destination(), what);
                StunMessage m = a.message();
                assertEquals(expected, m.get(ResponseOrigin.TYPE).address(), "RESPONSE-ORIGIN " + what);
                assertEquals(diagonal, m.get(OtherAddress.TYPE).address(), "OTHER-ADDRESS " + what);
                assertEquals(CLIENT, m.get(XorMappedAddress.TYPE).address());
            }
        }
        assertEquals(12, h.engine.stats().changedSourceResponses());
    }

    @Test
    void withoutAnAlternateChangeRequestGets420AndNoOtherAddressIsSent() {
        EngineHarness plain = new EngineHarness(StunServerConfig.defaults());
        for (int flags = 0; flags < 4; flags++) {
            EngineHarness.Answer a = plain.send(change((flags & 1) != 0, (flags & 2) != 0));
            assertEquals(420, a.errorCode());
            assertArrayEquals(new int[] {ChangeRequest.CODE}, a.message().get(UnknownAttributes.TYPE).codes());
            assertSame(EngineHarness.LOCAL, a.source());
        }
        StunMessage ok = plain.send(Requests.binding()).message();
        assertFalse(ok.has(OtherAddress.TYPE));
        assertFalse(ok.has(ResponseOrigin.TYPE));
    }

    @Test
    void onAnAddressOutsideThePairChangeRequestGets420() {
        TransportAddress other = TransportAddress.udp(SocketAddresses.parse("[2001:db8::1]:3478"));
        EngineHarness.Answer a = h.send(other, EngineHarness.CLIENT6, change(true, false));
        assertEquals(420, a.errorCode());
        StunMessage ok = h.send(other, EngineHarness.CLIENT6, Requests.binding()).message();
        assertFalse(ok.has(OtherAddress.TYPE));
    }

    @Test
    void overTcpAChangeGets420ButAPlainRequestGetsOtherAddress() {
        TransportAddress tcp = TransportAddress.of(A1P1, Transport.TCP);
        assertEquals(420, h.send(tcp, CLIENT, change(false, true)).errorCode());
        EngineHarness.Answer a = h.send(tcp, CLIENT, change(false, false));
        assertSame(tcp, a.source(), "a stream answer goes back on its connection");
        assertEquals(A2P2, a.message().get(OtherAddress.TYPE).address());
    }

    @Test
    void malformedChangeRequestGets400() {
        assertEquals(400, h.send(Requests.binding(w -> w.addRaw(ChangeRequest.CODE, new byte[2]))).errorCode());
        assertEquals(400, h.send(Requests.binding(w -> w.addRaw(ChangeRequest.CODE, new byte[8]))).errorCode());
        h.assertStillServes();
    }

    @Test
    void responsePortSendsToThatPortOfTheSourceIp() {
        EngineHarness.Answer a = h.send(Requests.binding(w -> w.add(new ResponsePort(5555))));
        assertEquals(new InetSocketAddress(CLIENT.getAddress(), 5555), a.destination());
        assertEquals(CLIENT, a.message().get(XorMappedAddress.TYPE).address(), "mapped address is still the source");
    }

    @Test
    void responsePortWorksWithoutAnAlternateToo() {
        EngineHarness plain = new EngineHarness(StunServerConfig.defaults());
        EngineHarness.Answer a = plain.send(Requests.binding(w -> w.add(new ResponsePort(5555))));
        assertEquals(5555, a.destination().getPort());
    }

    @Test
    void responsePortWithPaddingGets400SentToTheSource() {
        EngineHarness.Answer a = h.send(Requests.binding(w -> w.add(new ResponsePort(5555)).add(new Padding(100))));
        assertEquals(400, a.errorCode());
        assertEquals(CLIENT, a.destination(), "never redirect an error");
    }

    @Test
    void responsePortZeroGets400() {
        assertEquals(400, h.send(Requests.binding(w -> w.add(new ResponsePort(0)))).errorCode());
    }

    @Test
    void responsePortSwitchedOffGets420() {
        EngineHarness off = new EngineHarness(StunServerConfig.defaults().withResponsePort(false));
        EngineHarness.Answer a = off.send(Requests.binding(w -> w.add(new ResponsePort(5555))));
        assertEquals(420, a.errorCode());
        assertArrayEquals(new int[] {ResponsePort.CODE}, a.message().get(UnknownAttributes.TYPE).codes());
        assertEquals(CLIENT, a.destination());
    }

    @Test
    void responsePortIsIgnoredOverTcp() {
        TransportAddress tcp = TransportAddress.of(A1P1, Transport.TCP);
        EngineHarness.Answer a = h.send(tcp, CLIENT, Requests.binding(w -> w.add(new ResponsePort(5555))));
        assertTrue(a.isBindingSuccess());
        assertEquals(CLIENT, a.destination());
    }

    @Test
    void paddingIsEchoedNeverLongerThanTheRequestsNorTheCap() {
        assertEquals(1500, paddingOf(h.send(Requests.binding(w -> w.add(new Padding(1500))))));
        assertEquals(12, paddingOf(h.send(Requests.binding(w -> w.add(new Padding(10))))));
        assertEquals(0, paddingOf(h.send(Requests.binding(w -> w.add(new Padding(0))))));
        assertEquals(1500, paddingOf(h.send(Requests.binding(w -> w.add(new Padding(4000))))), "default cap");
        EngineHarness capped = new EngineHarness(StunServerConfig.defaults().withMaxPaddingBytes(100));
        assertEquals(100, paddingOf(capped.send(Requests.binding(w -> w.add(new Padding(1500))))));
    }

    @Test
    void paddingNeverAmplifies() {
        EngineHarness plain = new EngineHarness(StunServerConfig.defaults());
        for (int n : new int[] {0, 1, 4, 13, 500, 1500, 4000}) {
            byte[] r = Requests.binding(w -> w.add(new Padding(n)));
            EngineHarness.Answer a = plain.send(r);
            assertTrue(a.bytes().length <= r.length + 12, n + ": " + a.bytes().length + " > " + r.length + " + 12");
        }
    }

    private static int paddingOf(EngineHarness.Answer a) {
        StunMessage m = a.message();
        int i = m.indexOf(Padding.CODE);
        assertTrue(i >= 0, "PADDING missing");
        for (int k = 0; k < m.valueLength(i); k++) {
            assertEquals(0, a.bytes()[m.valueOffset(i) + k], "padding content");
        }
        return m.valueLength(i);
    }

    @Test
    void addressPairIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Rfc5780Addresses(A1P1, A1P2), "same IP");
        assertThrows(IllegalArgumentException.class, () -> new Rfc5780Addresses(A1P1, A2P1), "same port");
        assertThrows(IllegalArgumentException.class, () -> new Rfc5780Addresses(A1P1,
                SocketAddresses.parse("[2001:db8::2]:3479")), "mixed families");
        assertThrows(IllegalArgumentException.class, () -> new Rfc5780Addresses(
                SocketAddresses.parse("0.0.0.0:3478"), A2P2), "wildcard");
        assertThrows(IllegalArgumentException.class, () -> new Rfc5780Addresses(
                SocketAddresses.parse("192.0.2.1:0"), A2P2), "port 0");
        assertEquals(java.util.List.of(A1P1, A2P1, A1P2, A2P2), PAIR.all());
        assertEquals(3, PAIR.indexOf(A2P2.getAddress(), A2P2.getPort()));
        assertEquals(-1, PAIR.indexOf(A1P1.getAddress(), 1));
    }
}
