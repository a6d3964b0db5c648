package dev.nat4j.core.internal.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StreamFramerTest {
    private static final int MAX = 20 + 0xFFFF;

    private final List<byte[]> frames = new ArrayList<>();
    private final StreamFramer.FrameSink sink = f -> {
        byte[] copy = new byte[f.remaining()];
        f.get(copy);
        frames.add(copy);
    };

    static byte[] stun(int attributeBytes, int fill) {
        byte[] m = new byte[20 + attributeBytes];
        m[0] = 0x00;
        m[1] = 0x01;
        m[2] = (byte) (attributeBytes >>> 8);
        m[3] = (byte) attributeBytes;
        m[4] = 0x21; m[5] = 0x12; m[6] = (byte) 0xA4; m[7] = 0x42;
        for (int i = 8; i < m.length; i++) {
            m[i] = (byte) (fill + i);
        }
        return m;
    }

    static byte[] channelData(int channel, int dataBytes, int fill) {
        byte[] m = new byte[4 + dataBytes];
        m[0] = (byte) (channel >>> 8);
        m[1] = (byte) channel;
        m[2] = (byte) (dataBytes >>> 8);
        m[3] = (byte) dataBytes;
        for (int i = 4; i < m.length; i++) {
            m[i] = (byte) (fill + i);
        }
        return m;
    }

    static byte[] padded(byte[] channelData) {
        return java.util.Arrays.copyOf(channelData, (channelData.length + 3) & ~3);
    }

    private int feed(StreamFramer framer, byte[] bytes, int from, int to) {
        int total = 0;
        int at = from;
        while (at < to) {
            ByteBuffer in = framer.inbound(1);
            int n = Math.min(in.remaining(), to - at);
            in.put(bytes, at, n);
            at += n;
            int got = framer.drain(sink);
            if (got < 0) {
                return -1;
            }
            total += got;
        }
        return total;
    }

    @Test
    void framesSplitAtEveryByteAreReassembledExactly() {
        byte[] a = stun(8, 1);
        byte[] b = channelData(0x4001, 5, 2);   // padded by 3 on the stream
        byte[] c = stun(0, 3);
        byte[] stream = concat(a, padded(b), c);
        for (int split = 0; split <= stream.length; split++) {
            frames.clear();
            StreamFramer framer = new StreamFramer(MAX);
            assertTrue(feed(framer, stream, 0, split) >= 0);
            assertEquals(3 - countAfter(stream, split), frames.size(), "split " + split);
            feed(framer, stream, split, stream.length);
            assertEquals(3, frames.size(), "split at " + split);
            assertArrayEquals(a, frames.get(0));
            assertArrayEquals(b, frames.get(1), "ChannelData is handed out without its padding");
            assertArrayEquals(c, frames.get(2));
            assertEquals(0, framer.buffered());
        }
    }

    /** How many of the three frames are not complete within the first {@code split} bytes. */
    private static int countAfter(byte[] stream, int split) {
        int[] ends = {28, 28 + 12, 28 + 12 + 20};
        int incomplete = 0;
        for (int end : ends) {
            if (split < end) {
                incomplete++;
            }
        }
        return incomplete;
    }

    @Test
    void byteByByteDelivery() {
        byte[] stream = concat(stun(4, 7), padded(channelData(0x4FFF, 1, 8)), padded(channelData(0x4000, 0, 9)));
        StreamFramer framer = new StreamFramer(MAX);
        for (byte b : stream) {
            framer.inbound(1).put(b);
            assertTrue(framer.drain(sink) >= 0);
        }
        assertEquals(3, frames.size());
        assertEquals(24, frames.get(0).length);
        assertEquals(5, frames.get(1).length);
        assertEquals(4, frames.get(2).length);
    }

    @Test
    void manyFramesInOneWrite() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] f = i % 2 == 0 ? stun(4 * (i % 9), i) : padded(channelData(0x4000 + i, i % 13, i));
            out.writeBytes(f);
        }
        byte[] stream = out.toByteArray();
        StreamFramer framer = new StreamFramer(MAX);
        assertEquals(200, feed(framer, stream, 0, stream.length));
        assertEquals(200, frames.size());
    }

    @Test
    void largestFramesPassAndTheBufferShrinksBackOnTrim() {
        byte[] big = stun(0xFFFF - 3, 5); // 20 + 65532 = 65552 bytes
        byte[] bigChannel = padded(channelData(0x4002, 0xFFFF, 6));
        byte[] stream = concat(big, bigChannel, stun(0, 1));
        StreamFramer framer = new StreamFramer(MAX);
        assertEquals(3, feed(framer, stream, 0, stream.length));
        assertArrayEquals(big, frames.get(0));
        assertEquals(4 + 0xFFFF, frames.get(1).length);
        assertTrue(framer.capacity() >= 65_540);
        framer.trim();
        assertTrue(framer.capacity() <= 4096, "capacity after trim " + framer.capacity());
    }

    @Test
    void garbageFirstByteBreaksTheStream() {
        for (int first : new int[] {0x80, 0xC0, 0xFF, 0x99}) {
            StreamFramer framer = new StreamFramer(MAX);
            byte[] junk = {(byte) first, 0, 0, 4, 1, 2, 3, 4};
            assertEquals(-1, feed(framer, junk, 0, junk.length), "first byte " + first);
        }
        // A valid frame followed by junk: the valid one is delivered, then the stream breaks.
        frames.clear();
        StreamFramer framer = new StreamFramer(MAX);
        byte[] stream = concat(stun(0, 1), new byte[] {(byte) 0x80, 0, 0, 0});
        ByteBuffer in = framer.inbound(stream.length);
        in.put(stream);
        assertEquals(-1, framer.drain(sink));
        assertEquals(1, frames.size());
    }

    @Test
    void framesOverTheConfiguredMaximumBreakTheStreamWithoutBuffering() {
        StreamFramer framer = new StreamFramer(3000);
        byte[] header = java.util.Arrays.copyOf(stun(4000, 1), 24); // announces 4020 bytes
        assertEquals(-1, feed(framer, header, 0, header.length));
        assertTrue(framer.capacity() <= 2048, "must not grow for a frame it will refuse: " + framer.capacity());
        StreamFramer channel = new StreamFramer(1000);
        byte[] cd = java.util.Arrays.copyOf(channelData(0x4000, 997, 1), 8);
        assertEquals(-1, feed(channel, cd, 0, cd.length));
    }

    @Test
    void slowlorisKeepsOnlyTheFrameInProgress() {
        StreamFramer framer = new StreamFramer(MAX);
        byte[] header = java.util.Arrays.copyOf(stun(0xFFFC, 1), 100);
        feed(framer, header, 0, header.length);
        assertTrue(framer.hasPartialFrame());
        assertTrue(framer.capacity() <= MAX + 16, "bounded by the announced frame: " + framer.capacity());
        assertEquals(0, frames.size());
    }

    @Test
    void randomSplitsOfRandomFrames() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            byte[] f = random.nextBoolean() ? stun(4 * random.nextInt(300), i)
                    : channelData(0x4000 + random.nextInt(0x1000), random.nextInt(1500), i);
            sent.add(f);
            out.writeBytes(f[0] >= 0x40 ? padded(f) : f);
        }
        byte[] stream = out.toByteArray();
        StreamFramer framer = new StreamFramer(MAX);
        int at = 0;
        while (at < stream.length) {
            int chunk = 1 + random.nextInt(3000);
            ByteBuffer in = framer.inbound(1);
            int n = Math.min(Math.min(chunk, in.remaining()), stream.length - at);
            in.put(stream, at, n);
            at += n;
            assertTrue(framer.drain(sink) >= 0, "seed " + seed);
        }
        assertEquals(sent.size(), frames.size(), "seed " + seed);
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), frames.get(i), "seed " + seed + " frame " + i);
        }
    }

    @Test
    void wireLengthAcceptsExactlyOneFrame() {
        assertEquals(28, StreamFramer.wireLength(ByteBuffer.wrap(stun(8, 0)), MAX));
        assertEquals(-1, StreamFramer.wireLength(ByteBuffer.wrap(java.util.Arrays.copyOf(stun(8, 0), 27)), MAX));
        assertEquals(-1, StreamFramer.wireLength(ByteBuffer.wrap(concat(stun(0, 0), stun(0, 0))), MAX));
        assertEquals(12, StreamFramer.wireLength(ByteBuffer.wrap(channelData(0x4000, 5, 0)), MAX));
        assertEquals(12, StreamFramer.wireLength(ByteBuffer.wrap(padded(channelData(0x4000, 5, 0))), MAX));
        assertEquals(-1, StreamFramer.wireLength(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 0}), MAX));
        assertEquals(-1, StreamFramer.wireLength(ByteBuffer.wrap(new byte[] {0, 1}), MAX));
        assertEquals(-1, StreamFramer.wireLength(ByteBuffer.wrap(stun(100, 0)), 64));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
