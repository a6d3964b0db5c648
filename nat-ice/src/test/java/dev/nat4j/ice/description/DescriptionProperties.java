package dev.nat4j.ice.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips over random valid descriptions, and parsers that only ever throw IllegalArgumentException. */
class DescriptionProperties {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static Arbitrary<String> iceChars(int min, int max) {
        return Arbitraries.strings().withChars(ICE_CHARS.toCharArray()).ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<InetAddress> ips() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> sparseV6 = Arbitraries.integers().between(0, 15).list().ofMaxSize(4).map(indexes -> {
            byte[] b = new byte[16]; // mostly zeros: exercises the "::" compression
            b[0] = 0x20;
            b[1] = 0x01;
            indexes.forEach(i -> b[i] = (byte) (i * 17 + 1));
            return b;
        });
        return Arbitraries.oneOf(v4, v6, sparseV6).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(0, 65535).edgeCases(c -> c.includeOnly(0, 65535));
    }

    @Provide
    Arbitrary<IceCandidate> candidates() {
        Arbitrary<Long> priorities = Arbitraries.longs().between(0, 0xFFFF_FFFFL)
                .edgeCases(c -> c.includeOnly(0L, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L));
        Arbitrary<InetSocketAddress> related = Combinators.combine(ips(), ports()).as(InetSocketAddress::new)
                .injectNull(0.4);
        return Combinators.combine(iceChars(1, 32), Arbitraries.integers().between(1, 256), priorities, ips(),
                ports(), Arbitraries.of(CandidateType.class), related)
                .as((foundation, component, priority, ip, port, type, rel) -> new IceCandidate(foundation, component,
                        priority, new TransportAddress(ip, port, dev.nat4j.core.Transport.UDP), type, rel));
    }

    @Provide
    Arbitrary<IceDescription> descriptions() {
        Arbitrary<IceCredentials> credentials = Combinators.combine(iceChars(4, 256), iceChars(22, 256))
                .as(IceCredentials::new);
        Arbitrary<List<String>> options = iceChars(1, 40).list().uniqueElements().ofMaxSize(5);
        Arbitrary<List<IceCandidate>> list = candidates().list().ofMaxSize(IceDescription.MAX_CANDIDATES);
        return Combinators.combine(credentials, list, options, Arbitraries.of(true, false))
                .as(IceDescription::new);
    }

    @Property(tries = 300)
    void candidateSurvivesTheAttributeForm(@ForAll("candidates") IceCandidate candidate) {
        String text = CandidateAttribute.format(candidate);
        assertEquals(candidate, CandidateAttribute.parse(text));
        assertEquals(candidate, CandidateAttribute.parse("a=" + text + "\r\n"));
    }

    @Property(tries = 150)
    void descriptionSurvivesSdp(@ForAll("descriptions") IceDescription description) {
        assertEquals(description, IceDescription.parseSdp(description.toSdp()));
        assertEquals(description, IceDescription.parseSdp(String.join("\n", description.toSdpLines())));
        assertEquals(description, IceDescription.parseSdp(description.toSdpLines()));
    }

    @Property(tries = 150)
    void descriptionSurvivesJson(@ForAll("descriptions") IceDescription description) {
        String json = description.toJson();
        assertEquals(description, IceDescription.parseJson(json));
        assertEquals(json, IceDescription.parseJson(json).toJson(), "stable output");
    }

    @Property(tries = 1000)
    void anyStringFailsOnlyWithIllegalArgument(@ForAll String text) {
        onlyIllegalArgument(() -> CandidateAttribute.parse(text));
        onlyIllegalArgument(() -> CandidateAttribute.parse("candidate:" + text));
        onlyIllegalArgument(() -> IceDescription.parseSdp(text));
        onlyIllegalArgument(() -> IceDescription.parseJson(text));
        onlyIllegalArgument(() -> IceDescription.parseJson("{\"ufrag\":" + text));
    }

    @Provide
    Arbitrary<String> mutatedCandidates() {
        Arbitrary<String> valid = Arbitraries.oneOf(candidates().map(CandidateAttribute::format), Arbitraries.of(
                "candidate:842163049 1 udp 1677729535 203.0.113.7 58123 typ srflx raddr 10.0.0.5 rport 58123 "
                        + "generation 0 ufrag EsAw network-cost 999",
                "candidate:2 1 TCP 2105524479 192.0.2.33 9 typ host tcptype active",
                "candidate:0 1 UDP 2122187007 a1b2c3d4-e5f6-4789-abcd-ef0123456789.local 50123 typ host"));
        return mutate(valid);
    }

    @Provide
    Arbitrary<String> mutatedJson() {
        return mutate(descriptions().map(IceDescription::toJson));
    }

    @Provide
    Arbitrary<String> mutatedSdp() {
        return mutate(descriptions().map(IceDescription::toSdp));
    }

    /** Deletes, duplicates, overwrites or inserts characters at random places: near-valid input finds more bugs. */
    private static Arbitrary<String> mutate(Arbitrary<String> valid) {
        Arbitrary<Character> noise = Arbitraries.oneOf(Arbitraries.of(' ', ':', '.', '-', '"', '\\', '\n', '\r', '{',
                '[', ']', '}', ',', '0', '9', 'a', '%', '\u0000', '\u00e9'), Arbitraries.chars());
        Arbitrary<int[]> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class)
                .ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(valid, edits, noise.list().ofSize(6)).as((text, where, chars) -> {
            StringBuilder s = new StringBuilder(text);
            for (int i = 0; i < where.length; i++) {
                if (s.length() == 0) {
                    s.append(chars.get(i));
                    continue;
                }
                int at = where[i] % s.length();
                switch (where[i] % 4) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, chars.get(i));
                    case 2 -> s.setCharAt(at, chars.get(i));
                    default -> s.insert(at, s.substring(at, Math.min(s.length(), at + 8)));
                }
            }
            return s.toString();
        });
    }

    @Property(tries = 1000)
    void mutatedCandidatesFailOnlyWithIllegalArgument(@ForAll("mutatedCandidates") String text) {
        onlyIllegalArgument(() -> CandidateAttribute.parse(text));
    }

    @Property(tries = 300)
    void mutatedDescriptionsFailOnlyWithIllegalArgument(@ForAll("mutatedSdp") String sdp,
                                                        @ForAll("mutatedJson") String json) {
        onlyIllegalArgument(() -> IceDescription.parseSdp(sdp));
        onlyIllegalArgument(() -> IceDescription.parseJson(json));
    }

    private static void onlyIllegalArgument(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), "a reason is given");
        }
    }
}
