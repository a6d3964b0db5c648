package dev.nat4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class DemuxTest {

    /** The RFC 7983 / RFC 9443 table, written out independently of the implementation's if-chain. */
    private static Demux expected(int b) {
        if (b >= 0 && b <= 3) {
            return Demux.STUN;
        }
        if (b >= 16 && b <= 19) {
            return Demux.ZRTP;
        }
        if (b >= 20 && b <= 63) {
            return Demux.DTLS;
        }
        if (b >= 64 && b <= 79) {
            return Demux.CHANNEL_DATA;
        }
        if (b >= 128 && b <= 191) {
            return Demux.RTP_RTCP;
        }
        return Demux.UNKNOWN;
    }

    @Test
    void everyFirstByteLandsInItsRange() {
        for (int b = 0; b <= 255; b++) {
            assertEquals(expected(b), Demux.ofFirstByte(b), "first byte " + b);
            assertEquals(expected(b), Demux.classify(ByteBuffer.wrap(new byte[] {(byte) b, 0, 0, 0})), "byte " + b);
        }
    }

    @Test
    void boundaries() {
        assertEquals(Demux.STUN, Demux.ofFirstByte(0));
        assertEquals(Demux.STUN, Demux.ofFirstByte(3));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(4));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(15));
        assertEquals(Demux.ZRTP, Demux.ofFirstByte(16));
        assertEquals(Demux.ZRTP, Demux.ofFirstByte(19));
        assertEquals(Demux.DTLS, Demux.ofFirstByte(20));
        assertEquals(Demux.DTLS, Demux.ofFirstByte(63));
        assertEquals(Demux.CHANNEL_DATA, Demux.ofFirstByte(64));
        assertEquals(Demux.CHANNEL_DATA, Demux.ofFirstByte(79));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(80));   // QUIC per RFC 9443
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(127));
        assertEquals(Demux.RTP_RTCP, Demux.ofFirstByte(128));
        assertEquals(Demux.RTP_RTCP, Demux.ofFirstByte(191));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(192));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(255));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(-1));
        assertEquals(Demux.UNKNOWN, Demux.ofFirstByte(256));
    }

    @Test
    void realMessagesClassify() {
        // A Binding request header (type 0x0001, magic cookie 0x2112A442).
        byte[] binding = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertEquals(Demux.STUN, Demux.classify(ByteBuffer.wrap(binding)));
        // ChannelData on channel 0x4001; a DTLS 1.2 handshake record; an RTP packet (V=2).
        assertEquals(Demux.CHANNEL_DATA, Demux.classify(ByteBuffer.wrap(new byte[] {0x40, 0x01, 0, 0})));
        assertEquals(Demux.DTLS, Demux.classify(ByteBuffer.wrap(new byte[] {22, (byte) 0xFE, (byte) 0xFD})));
        assertEquals(Demux.RTP_RTCP, Demux.classify(ByteBuffer.wrap(new byte[] {(byte) 0x80, 96, 0, 1})));
    }

    @Test
    void emptyIsUnknownAndPositionIsRespectedAndKept() {
        assertEquals(Demux.UNKNOWN, Demux.classify(ByteBuffer.allocate(0)));
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x00, 0x41});
        buf.position(1);
        assertEquals(Demux.STUN, Demux.classify(buf));
        assertEquals(1, buf.position());
        buf.position(3);
        assertEquals(Demux.UNKNOWN, Demux.classify(buf));
    }
}
