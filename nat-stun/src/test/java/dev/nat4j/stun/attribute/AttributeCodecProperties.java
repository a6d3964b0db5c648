package dev.nat4j.stun.attribute;

import static dev.nat4j.stun.StunTestSupport.rawRequest;
import static dev.nat4j.stun.StunTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.nat4j.stun.AttributeRegistry;
import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;

/** encode∘decode = identity for every standard attribute; decoders fail only with {@link StunParseException}. */
class AttributeCodecProperties {

    @Provide
    Arbitrary<StunAttribute> attributes() {
        return AttributeArbitraries.anyAttribute();
    }

    @Provide
    Arbitrary<Integer> registeredCodes() {
        return Arbitraries.of(AttributeRegistry.all().stream().map(AttributeType::code).toList());
    }

    @Example
    void everyRegisteredTypeHasAGeneratorAndViceVersa() {
        Set<Integer> registered = new TreeSet<>();
        for (AttributeType<?> t : StandardAttributes.all()) {
            registered.add(t.code());
            assertEquals(t, AttributeRegistry.typeOf(t.code()), "registered: " + t);
        }
        assertEquals(registered, AttributeArbitraries.byCode().keySet());
    }

    @Property(tries = 3000)
    void decodeOfEncodeIsIdentity(@ForAll("attributes") StunAttribute attribute) {
        byte[] wire = request(attribute);
        StunMessage m = StunMessage.parse(ByteBuffer.wrap(wire));
        assertEquals(1, m.attributeCount());
        assertEquals(attribute.type(), m.attributeType(0));
        Object decoded = m.get(AttributeRegistry.typeOf(attribute.type()));
        assertEquals(attribute, decoded);
        assertArrayEquals(wire, request((StunAttribute) decoded), "re-encoding is byte-identical");
    }

    @Property(tries = 3000)
    void decodersRejectGarbageOnlyWithTheirOwnException(@ForAll("registeredCodes") int code,
            @ForAll("values") byte[] value) {
        StunMessage m = StunMessage.parse(ByteBuffer.wrap(rawRequest(code, value)));
        try {
            Object decoded = m.get(AttributeRegistry.typeOf(code));
            // whatever decodes must re-encode to a value that decodes to the same thing
            StunMessage again = StunMessage.parse(ByteBuffer.wrap(request((StunAttribute) decoded)));
            assertEquals(decoded, again.get(AttributeRegistry.typeOf(code)));
        } catch (StunParseException expected) {
            // malformed values are reported this way and no other
        }
    }

    @Provide
    Arbitrary<byte[]> values() {
        return Arbitraries.oneOf(
                AttributeArbitraries.bytes(0, 40),
                Arbitraries.of(0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 20, 32, 36, 255, 256, 512, 513, 763, 764)
                        .flatMap(n -> AttributeArbitraries.bytes(n, n)));
    }
}
