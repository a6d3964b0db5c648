package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.ice4j.StunMessageEvent;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stack.StunStack;
import org.ice4j.stunclient.BlockingRequestSender;
import org.ice4j.stunclient.SimpleAddressDetector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Interop: ice4j's STUN stack (org.jitsi:ice4j, an independent Java implementation) as the client of our server.
 * Its address detector must find the client's own address; a CHANGE-REQUEST sent through its stack must be answered
 * from the alternate address and still be matched and decoded by it.
 */
class StunServerIce4jIT {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void addressDetectorFindsTheClientsAddress(String ip) throws Exception {
        InetAddress loopback = InetAddress.getByName(ip);
        try (StunServer server = StunServer.builder().listen(new InetSocketAddress(loopback, 0)).start();
             DatagramSocket socket = new DatagramSocket(0, loopback)) {
            int port = server.localAddress(dev.nat4j.core.Transport.UDP).port();
            SimpleAddressDetector detector = new SimpleAddressDetector(new TransportAddress(loopback, port, Transport.UDP));
            detector.start();
            InetSocketAddress client = (InetSocketAddress) socket.getLocalSocketAddress(); // ice4j closes the socket
            try {
                TransportAddress mapped = detector.getMappingFor(new IceUdpSocketWrapper(socket));
                assertNotNull(mapped, "ice4j got no mapping");
                assertEquals(client, new InetSocketAddress(mapped.getAddress(), mapped.getPort()));
            } finally {
                detector.shutDown();
            }
            assertTrue(server.stats().successResponses() >= 1);
        }
    }

    @Test
    void changeRequestThroughIce4jIsAnsweredFromTheAlternate() throws Exception {
        InetAddress a1 = InetAddress.getByName("127.0.0.1");
        try (StunServer server = StunServer.builder()
                .listen(new InetSocketAddress(a1, 0))
                .alternate(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))
                .start();
             DatagramSocket socket = new DatagramSocket(0, a1)) {
            Rfc5780Addresses pair = server.rfc5780();
            StunStack stack = new StunStack();
            IceUdpSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
            TransportAddress local = new TransportAddress((InetSocketAddress) socket.getLocalSocketAddress(),
                    Transport.UDP);
            stack.addSocket(wrapper);
            try {
                BlockingRequestSender sender = new BlockingRequestSender(stack, local);
                Request request = MessageFactory.createBindingRequest();
                request.putAttribute(AttributeFactory.createChangeRequestAttribute(true, true));
                StunMessageEvent event = sender.sendRequestAndWaitForResponse(request,
                        new TransportAddress(pair.primary(), Transport.UDP));
                assertNotNull(event, "no answer through ice4j");
                Response response = (Response) event.getMessage();
                assertTrue(response.isSuccessResponse(), "ice4j saw " + response);
                assertEquals(pair.alternate(), event.getRemoteAddress(), "answered from A2:P2");
                XorMappedAddressAttribute xor = (XorMappedAddressAttribute)
                        response.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
                TransportAddress mapped = xor.getAddress(response.getTransactionID());
                assertEquals(socket.getLocalSocketAddress(), new InetSocketAddress(mapped.getAddress(), mapped.getPort()));
            } finally {
                stack.removeSocket(local);
                stack.shutDown();
            }
            assertEquals(1, server.stats().changedSourceResponses());
        }
    }
}
