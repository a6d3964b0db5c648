package dev.nat4j.stun.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the text, parsing either succeeds or throws IllegalArgumentException; canonical forms round-trip. */
class StunUriProperties {

    @Property(tries = 3000)
    void anyStringParsesOrIsRejectedCleanly(@ForAll("junk") String text) {
        try {
            StunUri u = StunUri.parse(text);
            assertEquals(u, StunUri.parse(u.toString()));
        } catch (IllegalArgumentException expected) {
            // the only allowed failure
        }
    }

    @Property(tries = 1000)
    void generatedUrisRoundTrip(@ForAll("uris") String text) {
        StunUri u = StunUri.parse(text);
        StunUri again = StunUri.parse(u.toString());
        assertEquals(u, again);
        assertEquals(u.toString(), again.toString());
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> uriish = Arbitraries.strings().withChars("stun:[]0123456789abcdef.:?/@#%-_ xS").ofMaxLength(30);
        Arbitrary<String> prefixed = Combinators.combine(Arbitraries.of("stun:", "stuns:", "STUN:", "turn:", ""),
                uriish).as((p, s) -> p + s);
        return Arbitraries.oneOf(anything, uriish, prefixed);
    }

    @Provide
    Arbitrary<String> uris() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1)
                .ofMaxLength(10).filter(s -> !s.startsWith("-") && !s.endsWith("-"));
        Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
        Arbitrary<String> ipv6 = Arbitraries.integers().between(0, 0xFFFF).list().ofSize(8)
                .map(l -> "[" + String.join(":", l.stream().map(Integer::toHexString).toList()) + "]");
        Arbitrary<String> host = Arbitraries.oneOf(name, ipv4, ipv6);
        Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(1, 65535).map(p -> ":" + p));
        return Combinators.combine(Arbitraries.of("stun:", "stuns:", ""), host, port).as((s, h, p) -> s + h + p);
    }
}
