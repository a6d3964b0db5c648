package dev.nat4j.turn.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A reusable holder for one decoded datagram from the relay, filled by
 * {@link TurnClientEngine#decodeData(ByteBuffer, ReceivedData, long)} without allocating: the peer and where its
 * payload lies in the buffer that was decoded.
 *
 * <pre>{@code
 * ReceivedData rx = new ReceivedData();
 * if (engine.decodeData(datagram, rx, now)) {
 *     consume(rx.peer(), datagram, rx.offset(), rx.length());
 * }
 * }</pre>
 */
public final class ReceivedData {
    private InetSocketAddress peer;
    private int offset;
    private int length;
    private int channel;

    /** An empty holder. */
    public ReceivedData() {
    }

    void set(InetSocketAddress p, int off, int len, int ch) {
        this.peer = p;
        this.offset = off;
        this.length = len;
        this.channel = ch;
    }

    /** The peer that sent the payload. */
    public InetSocketAddress peer() {
        return peer;
    }

    /** Absolute offset of the payload in the decoded buffer. */
    public int offset() {
        return offset;
    }

    /** Length of the payload. */
    public int length() {
        return length;
    }

    /** The channel it came on, or 0 for a Data indication. */
    public int channel() {
        return channel;
    }
}
