package dev.nat4j.core.internal.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StreamFramerProperties {
    private static final int MAX = 20 + 0xFFFF;

    @Provide
    Arbitrary<byte[]> frame() {
        Arbitrary<byte[]> stun = Arbitraries.integers().between(0, 200)
                .map(words -> StreamFramerTest.stun(4 * words, words));
        Arbitrary<byte[]> channel = Combinators.combine(
                Arbitraries.integers().between(0x4000, 0x7FFF), Arbitraries.integers().between(0, 700))
                .as((number, length) -> StreamFramerTest.channelData(number, length, length));
        return Arbitraries.oneOf(stun, channel);
    }

    @Provide
    Arbitrary<List<byte[]>> frames() {
        return frame().list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 300)
    void anySplitOfValidFramesReassemblesExactly(@ForAll("frames") List<byte[]> frames,
                                                @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 997) Integer> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes((f[0] & 0xC0) == 0x40 ? StreamFramerTest.padded(f) : f);
        }
        byte[] stream = out.toByteArray();
        List<byte[]> got = new ArrayList<>();
        StreamFramer framer = new StreamFramer(MAX);
        int at = 0;
        int c = 0;
        while (at < stream.length) {
            ByteBuffer in = framer.inbound(1);
            int n = Math.min(Math.min(chunks.get(c++ % chunks.size()), in.remaining()), stream.length - at);
            in.put(stream, at, n);
            at += n;
            assertTrue(framer.drain(f -> {
                byte[] copy = new byte[f.remaining()];
                f.get(copy);
                got.add(copy);
            }) >= 0);
        }
        assertEquals(frames.size(), got.size());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), got.get(i));
        }
        assertEquals(0, framer.buffered());
    }

    @Property(tries = 500)
    void arbitraryBytesNeverThrowAndStayBounded(@ForAll @Size(max = 3000) byte[] junk,
                                                @ForAll @IntRange(min = 24, max = MAX) int maxFrame) {
        StreamFramer framer = new StreamFramer(maxFrame);
        int at = 0;
        int frames = 0;
        while (at < junk.length) {
            ByteBuffer in = framer.inbound(1);
            int n = Math.min(in.remaining(), junk.length - at);
            in.put(junk, at, n);
            at += n;
            int got = framer.drain(f -> assertTrue(f.remaining() <= maxFrame));
            if (got < 0) {
                return; // broken stream: the connection would close here
            }
            frames += got;
        }
        assertTrue(framer.capacity() <= Math.max(2048, maxFrame + 3), "capacity " + framer.capacity());
        assertTrue(frames >= 0);
    }
}
