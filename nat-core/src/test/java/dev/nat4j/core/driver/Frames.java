package dev.nat4j.core.driver;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Builds STUN-shaped and ChannelData frames and reads them back from a blocking stream. */
final class Frames {
    private Frames() {}

    /** A Binding-request-shaped message: 20-byte header (magic cookie, transaction id) plus {@code body} bytes. */
    static byte[] stun(int body, int seed) {
        byte[] m = new byte[20 + body];
        m[1] = 0x01;
        m[2] = (byte) (body >>> 8);
        m[3] = (byte) body;
        m[4] = 0x21; m[5] = 0x12; m[6] = (byte) 0xA4; m[7] = 0x42;
        for (int i = 8; i < m.length; i++) {
            m[i] = (byte) (seed * 31 + i);
        }
        return m;
    }

    /** ChannelData on {@code channel} with {@code length} data bytes, unpadded. */
    static byte[] channelData(int channel, int length, int seed) {
        byte[] m = new byte[4 + length];
        m[0] = (byte) (channel >>> 8);
        m[1] = (byte) channel;
        m[2] = (byte) (length >>> 8);
        m[3] = (byte) length;
        for (int i = 4; i < m.length; i++) {
            m[i] = (byte) (seed * 17 + i);
        }
        return m;
    }

    static byte[] padded(byte[] frame) {
        return Arrays.copyOf(frame, (frame.length + 3) & ~3);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] read(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        new DataInputStream(in).readFully(b);
        return b;
    }
}
