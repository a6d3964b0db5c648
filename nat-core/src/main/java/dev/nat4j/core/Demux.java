package dev.nat4j.core;

import java.nio.ByteBuffer;

/**
 * What a datagram arriving on a shared port is, judged by its first byte (RFC 7983 §7, updated by RFC 9443).
 *
 * <p>ICE, DTLS-SRTP and TURN share one socket per component; the first byte alone decides which stack gets a
 * datagram. STUN's top two bits are {@code 00} with a message type below {@code 0x0400}; TURN channel numbers are
 * {@code 0x4000..0x4FFF} (RFC 8656 §12), so ChannelData starts with 64..79. RFC 9443 gives 80..127 and 192..255 to
 * QUIC, which nat4j does not speak: those bytes, like the other unassigned ones, are {@link #UNKNOWN}.
 *
 * <pre>{@code
 * switch (Demux.classify(datagram)) {
 *     case STUN -> stun.handleDatagram(local, remote, datagram, now);
 *     case CHANNEL_DATA -> turn.handleChannelData(datagram, now);
 *     case DTLS, RTP_RTCP -> application.accept(datagram);
 *     default -> dropped++;
 * }
 * }</pre>
 */
public enum Demux {
    /** First byte 0..3: a STUN message (RFC 8489). */
    STUN,
    /** First byte 16..19: ZRTP (RFC 6189). */
    ZRTP,
    /** First byte 20..63: a DTLS record (RFC 9147; content types 20..63). */
    DTLS,
    /** First byte 64..79: a TURN ChannelData message (RFC 8656 §12.4, RFC 9443). */
    CHANNEL_DATA,
    /** First byte 128..191: RTP or RTCP (version bits {@code 10}). */
    RTP_RTCP,
    /** Any other first byte, or an empty datagram. */
    UNKNOWN;

    /** Classifies the byte at the buffer's position; an empty buffer is {@link #UNKNOWN}. Does not move the position. */
    public static Demux classify(ByteBuffer datagram) {
        if (!datagram.hasRemaining()) {
            return UNKNOWN;
        }
        return ofFirstByte(datagram.get(datagram.position()) & 0xFF);
    }

    /** Classifies an unsigned first byte (0..255); values outside that range are {@link #UNKNOWN}. */
    public static Demux ofFirstByte(int b) {
        if (b < 0) {
            return UNKNOWN;
        }
        if (b <= 3) {
            return STUN;
        }
        if (b < 16) {
            return UNKNOWN;
        }
        if (b <= 19) {
            return ZRTP;
        }
        if (b <= 63) {
            return DTLS;
        }
        if (b <= 79) {
            return CHANNEL_DATA;
        }
        if (b < 128) {
            return UNKNOWN;
        }
        if (b <= 191) {
            return RTP_RTCP;
        }
        return UNKNOWN;
    }
}
