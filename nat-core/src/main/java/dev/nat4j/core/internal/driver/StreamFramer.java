package dev.nat4j.core.internal.driver;

import java.nio.ByteBuffer;

/**
 * Cuts a TCP/TLS byte stream into STUN messages and TURN ChannelData frames (RFC 8489 §6.2.2, RFC 8656 §12.5).
 *
 * <p>Neither carries a stream-level length prefix; each delimits itself. A first byte with top bits {@code 00} starts a
 * STUN message of 20 + length bytes; {@code 01} starts ChannelData of 4 + length bytes, followed on a stream by zero
 * to three padding bytes up to a multiple of 4. Anything else cannot be resynchronised, so the stream is broken.
 * Frames are handed out without their padding.
 *
 * <p>The buffer starts small and grows only as far as the frame in progress needs (bounded by {@code maxFrame} plus
 * the room a reader asks for); {@link #trim()} shrinks it back, so idle connections stay cheap.
 */
public final class StreamFramer {

    /** Receives each complete frame; the buffer is a view valid only during the call. */
    public interface FrameSink {
        /** Handles one frame (position to limit). */
        void frame(ByteBuffer frame);
    }

    private static final int INITIAL_CAPACITY = 2048;
    private static final int HEADER_BYTES = 4;

    private final int maxFrame;
    private ByteBuffer buf;   // write mode: [0, position) holds received bytes not yet handed out
    private ByteBuffer view;  // reused window over buf for handing out frames

    /** A framer refusing frames longer than {@code maxFrame} bytes (padding excluded). */
    public StreamFramer(int maxFrame) {
        this.maxFrame = maxFrame;
        this.buf = ByteBuffer.allocate(INITIAL_CAPACITY);
        this.view = buf.duplicate();
    }

    /**
     * The buffer to read into, in write mode, with at least {@code minRoom} bytes remaining (1 for a plain read; an
     * SSLEngine needs a whole application buffer). Fill it, then call {@link #drain}.
     */
    public ByteBuffer inbound(int minRoom) {
        if (buf.remaining() < minRoom) {
            resize(buf.position() + minRoom);
        }
        return buf;
    }

    /** True when part of a frame has been received but not all of it. */
    public boolean hasPartialFrame() {
        return buf.position() > 0;
    }

    /**
     * Hands every complete frame in the buffer to {@code sink}, keeps the incomplete rest, and makes room for the
     * frame in progress.
     *
     * @return the number of frames handed out, or -1 when the stream is broken (unknown first byte or frame too
     *         large): the caller closes the connection
     */
    public int drain(FrameSink sink) {
        int end = buf.position();
        int start = 0;
        int frames = 0;
        while (end - start >= HEADER_BYTES) {
            int first = buf.get(start) & 0xFF;
            int length = ((buf.get(start + 2) & 0xFF) << 8) | (buf.get(start + 3) & 0xFF);
            int frameBytes;
            int wireBytes;
            switch (first >>> 6) {
                case 0 -> { // STUN
                    frameBytes = 20 + length;
                    wireBytes = frameBytes;
                }
                case 1 -> { // ChannelData, padded to 4 on streams
                    frameBytes = HEADER_BYTES + length;
                    wireBytes = (frameBytes + 3) & ~3;
                }
                default -> {
                    return -1;
                }
            }
            if (frameBytes > maxFrame) {
                return -1;
            }
            if (end - start < wireBytes) {
                if (buf.capacity() < wireBytes) {
                    compact(start, end);
                    resize(wireBytes);
                    return frames;
                }
                break;
            }
            view.limit(start + frameBytes).position(start);
            frames++;
            sink.frame(view);
            start += wireBytes;
        }
        compact(start, end);
        return frames;
    }

    /** How many bytes of an unfinished frame are held. */
    public int buffered() {
        return buf.position();
    }

    /**
     * The on-stream size of an outbound frame held in {@code payload} (position to limit): the frame plus ChannelData
     * padding, or -1 when the payload is not exactly one STUN message or one ChannelData message (padded or not).
     */
    public static int wireLength(ByteBuffer payload, int maxFrame) {
        int n = payload.remaining();
        if (n < HEADER_BYTES) {
            return -1;
        }
        int p = payload.position();
        int first = payload.get(p) & 0xFF;
        int length = ((payload.get(p + 2) & 0xFF) << 8) | (payload.get(p + 3) & 0xFF);
        switch (first >>> 6) {
            case 0 -> {
                return 20 + length == n && n <= maxFrame ? n : -1;
            }
            case 1 -> {
                int frame = HEADER_BYTES + length;
                int padded = (frame + 3) & ~3;
                return frame <= maxFrame && (n == frame || n == padded) ? padded : -1;
            }
            default -> {
                return -1;
            }
        }
    }

    /**
     * Gives memory back after large frames: shrinks the buffer to its initial size when it holds little. Called from
     * the idle sweep rather than after every frame, so a stream of large frames does not reallocate for each one.
     */
    public void trim() {
        if (buf.capacity() > INITIAL_CAPACITY && buf.position() <= INITIAL_CAPACITY / 2) {
            resize(INITIAL_CAPACITY);
        }
    }

    /** The current buffer size, for tests of the memory bound. */
    public int capacity() {
        return buf.capacity();
    }

    private void compact(int start, int end) {
        if (start > 0) {
            int remaining = end - start;
            System.arraycopy(buf.array(), start, buf.array(), 0, remaining);
            buf.position(remaining);
        }
    }

    private void resize(int capacity) {
        int target = Math.max(capacity, buf.position());
        if (target == buf.capacity()) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(target);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
        view = buf.duplicate();
    }
}
