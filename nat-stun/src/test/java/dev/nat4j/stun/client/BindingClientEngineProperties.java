package dev.nat4j.stun.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.transaction.RetransmissionPolicy;

/** Whatever arrives, the engine neither throws nor lets a corrupted answer end a transaction. */
class BindingClientEngineProperties {
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 3478);
    private static final TransportAddress LOCAL = TransportAddress.udp(new InetSocketAddress("10.0.0.2", 5000));

    private static TransactionId startOne(BindingClientEngine engine) {
        engine.start(BindingRequest.to(SERVER).from(LOCAL), 0);
        Transmit t = engine.pollTransmit();
        return TestResponses.idOf(t.payload());
    }

    @Property(tries = 2000)
    void anyBytesNeverThrow(@ForAll @Size(max = 200) byte[] junk, @ForAll boolean spliceHeader) {
        BindingClientEngine engine = new BindingClientEngine(RetransmissionPolicy.DEFAULT, 4);
        TransactionId id = startOne(engine);
        ByteBuffer datagram = ByteBuffer.wrap(junk);
        if (spliceHeader && junk.length >= 20) {
            // a plausible STUN header for our transaction, so that the attribute walk is exercised too
            datagram.putShort(0, (short) 0x0101);
            datagram.putShort(2, (short) ((junk.length - 20) & ~3));
            datagram.putInt(4, StunMessage.MAGIC_COOKIE);
            id.write(datagram, 8);
            datagram.limit(20 + ((junk.length - 20) & ~3));
        }
        engine.handleDatagram(LOCAL, SERVER, datagram, 1_000_000);
        int events = 0;
        while (engine.pollEvent() != null) {
            events++;
        }
        assertTrue(events <= 1);
        assertEquals(1 - events, engine.outstanding());
    }

    @Property(tries = 2000)
    void aCorruptedFingerprintedResponseNeverEndsTheTransaction(@ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        BindingClientEngine engine = new BindingClientEngine(RetransmissionPolicy.DEFAULT, 4);
        TransactionId id = startOne(engine);
        ByteBuffer response = TestResponses.response(id, MessageClass.SUCCESS_RESPONSE, w -> w
                .add(new XorMappedAddress(new InetSocketAddress("203.0.113.1", 40000)))
                .add(new OtherAddress(new InetSocketAddress("192.0.2.2", 3479))));
        int fingerprintHeader = response.limit() - 8;
        // Every byte the CRC covers, and the CRC value itself; not the FINGERPRINT attribute header: a changed type
        // makes it another (comprehension-optional) attribute and leaves an unprotected but intact message.
        int coverable = fingerprintHeader + 4;
        int index = where % coverable;
        int at = index < fingerprintHeader ? index : index + 4;
        response.put(at, (byte) (response.get(at) ^ xor));
        engine.handleDatagram(LOCAL, SERVER, response, 1_000_000);
        assertNull(engine.pollEvent(), "corrupted byte " + at);
        assertEquals(1, engine.outstanding());
        assertEquals(1, engine.stats().total());
    }
}
