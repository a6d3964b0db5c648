package dev.nat4j.core.driver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Settings of a {@link NioDriver}. Start from {@link #defaults()} and change what you need.
 *
 * <pre>{@code
 * NioDriver driver = NioDriver.start(DriverConfig.defaults()
 *         .withThreadName("stun-server")
 *         .withIdleTimeout(Duration.ofMinutes(10)));
 * }</pre>
 *
 * @param threadName           name of the selector thread
 * @param idleTimeout          a TCP/TLS connection with no complete frame in either direction for this long is closed
 * @param frameTimeout         how long anything started may take to finish before its connection is closed: an
 *                             outgoing connect plus TLS handshake, an accepted connection's handshake plus first frame,
 *                             and a frame whose first bytes have arrived (the slowloris guard)
 * @param maxConnections       cap on open TCP/TLS connections across the driver; accepts beyond it are closed at once
 * @param maxFrameBytes        largest STUN or ChannelData frame accepted on a stream, 24..65555; larger closes it
 * @param writeBufferBytes     cap on bytes queued for one stream connection whose peer reads slowly; a frame that
 *                             does not fit is dropped, as a datagram would be
 * @param callbackExecutor     where futures returned by the driver complete, so that dependent stages never run on
 *                             the selector thread
 */
public record DriverConfig(
        String threadName,
        Duration idleTimeout,
        Duration frameTimeout,
        int maxConnections,
        int maxFrameBytes,
        int writeBufferBytes,
        Executor callbackExecutor) {

    /** The largest frame the stream framing can express: a STUN header plus a 16-bit length. */
    public static final int MAX_FRAME_BYTES = 20 + 0xFFFF;

    /** Checks every setting; see the record components for the allowed ranges. */
    public DriverConfig {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(frameTimeout, "frameTimeout");
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || frameTimeout.isNegative() || frameTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must not be negative: " + maxConnections);
        }
        if (maxFrameBytes < 24 || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes out of range 24.." + MAX_FRAME_BYTES + ": " + maxFrameBytes);
        }
        if (writeBufferBytes < maxFrameBytes + 3) {
            throw new IllegalArgumentException("writeBufferBytes must hold one padded frame: " + writeBufferBytes);
        }
    }

    /**
     * Thread {@code nat4j-driver}, idle timeout 5 minutes, frame timeout 10 seconds, 4096 connections, frames up to
     * 65555 bytes, 256 KiB write buffer per connection, futures completed on the common fork-join pool.
     */
    public static DriverConfig defaults() {
        return new DriverConfig("nat4j-driver", Duration.ofMinutes(5), Duration.ofSeconds(10), 4096,
                MAX_FRAME_BYTES, 256 * 1024, ForkJoinPool.commonPool());
    }

    /** A copy with another selector thread name. */
    public DriverConfig withThreadName(String name) {
        return new DriverConfig(name, idleTimeout, frameTimeout, maxConnections, maxFrameBytes, writeBufferBytes,
                callbackExecutor);
    }

    /** A copy with another idle timeout. */
    public DriverConfig withIdleTimeout(Duration timeout) {
        return new DriverConfig(threadName, timeout, frameTimeout, maxConnections, maxFrameBytes, writeBufferBytes,
                callbackExecutor);
    }

    /** A copy with another frame timeout. */
    public DriverConfig withFrameTimeout(Duration timeout) {
        return new DriverConfig(threadName, idleTimeout, timeout, maxConnections, maxFrameBytes, writeBufferBytes,
                callbackExecutor);
    }

    /** A copy with another connection cap. */
    public DriverConfig withMaxConnections(int max) {
        return new DriverConfig(threadName, idleTimeout, frameTimeout, max, maxFrameBytes, writeBufferBytes,
                callbackExecutor);
    }

    /** A copy with another largest stream frame. */
    public DriverConfig withMaxFrameBytes(int max) {
        return new DriverConfig(threadName, idleTimeout, frameTimeout, maxConnections, max, writeBufferBytes,
                callbackExecutor);
    }

    /** A copy with another per-connection write buffer cap. */
    public DriverConfig withWriteBufferBytes(int bytes) {
        return new DriverConfig(threadName, idleTimeout, frameTimeout, maxConnections, maxFrameBytes, bytes,
                callbackExecutor);
    }

    /** A copy whose futures complete on {@code executor}. */
    public DriverConfig withCallbackExecutor(Executor executor) {
        return new DriverConfig(threadName, idleTimeout, frameTimeout, maxConnections, maxFrameBytes, writeBufferBytes,
                executor);
    }
}
