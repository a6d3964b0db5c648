package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/**
 * One TCP or TLS connection of an engine: frames in through a {@link StreamFramer}, frames out through a bounded
 * write buffer, and the timeouts that keep idle and slow peers from holding resources.
 *
 * <p>Subclasses supply the byte transport (plain or through an SSLEngine). Selector thread only.
 */
abstract class StreamConnection implements IoHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);
    private static final int INITIAL_WRITE_BUFFER = 2048;

    protected final EngineSlot<?> owner;
    protected final SocketChannel channel;
    protected final StreamFramer framer;
    private final Transport transport;
    private final InetSocketAddress remote;
    /** Null for an outgoing connection until connected: the kernel picks the source address at connect time. */
    private TransportAddress local;
    private ConnectionKey key;
    private final CompletableFuture<TransportAddress> readyFuture; // outgoing connections only
    private final boolean accepted;
    private final StreamFramer.FrameSink sink = this::deliver;

    /** Plaintext frames waiting to go out, write mode. */
    protected ByteBuffer outbound = ByteBuffer.allocate(INITIAL_WRITE_BUFFER);
    protected SelectionKey selectionKey;
    protected boolean ready;
    protected boolean closed;

    private final long openedAt;
    private long lastFrameAt;
    private long partialSince = -1;
    private boolean receivedAnyFrame;
    private long deliverNow;

    StreamConnection(EngineSlot<?> owner, SocketChannel channel, Transport transport, TransportAddress local,
                     InetSocketAddress remote, CompletableFuture<TransportAddress> readyFuture) {
        this.owner = owner;
        this.channel = channel;
        this.transport = transport;
        this.local = local;
        this.remote = remote;
        this.key = local == null ? null : new ConnectionKey(local, remote);
        this.readyFuture = readyFuture;
        this.accepted = readyFuture == null;
        this.framer = new StreamFramer(owner.loop().config.maxFrameBytes());
        this.openedAt = System.nanoTime();
        this.lastFrameAt = openedAt;
    }

    TransportAddress local() {
        return local;
    }

    InetSocketAddress remote() {
        return remote;
    }

    ConnectionKey key() {
        return key;
    }

    /** Registers with the selector; {@code connected} says whether the TCP connection is already up. */
    void register(boolean connected) {
        try {
            selectionKey = channel.register(owner.loop().selector(),
                    connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
        } catch (ClosedChannelException | RuntimeException e) {
            close("register failed: " + e);
            return;
        }
        if (connected) {
            tcpConnected(System.nanoTime());
        }
    }

    /** Learns the local address (outgoing connections) so transmits can name it, then starts the upper layer. */
    private void tcpConnected(long now) {
        if (local == null) {
            try {
                local = TransportAddress.of((InetSocketAddress) channel.getLocalAddress(), transport);
            } catch (IOException | RuntimeException e) {
                close("no local address: " + e, e);
                return;
            }
            key = new ConnectionKey(local, remote);
            owner.adopt(this);
        }
        connected(now);
    }

    /** The TCP connection is up: a plain connection is ready now, TLS starts its handshake. */
    protected abstract void connected(long now);

    /** Moves whatever bytes can move in both directions. */
    protected abstract void pump(long now);

    /** Pushes queued outbound frames towards the socket, without reading. */
    protected abstract void flush(long now);

    /** Whether bytes are waiting for the socket to accept them (OP_WRITE wanted). */
    protected abstract boolean hasPendingWrites();

    /** Last words before the channel closes (TLS close_notify); best effort. */
    protected void goodbye() {
    }

    @Override
    public final void ready(SelectionKey key, long now) {
        if (closed) {
            return;
        }
        if (key.isConnectable()) {
            try {
                if (!channel.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                close("connect failed: " + e.getMessage(), e);
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
            tcpConnected(now);
            return;
        }
        pump(now);
    }

    /** Marks the connection ready for frames: completes the connect future and tells the engine. */
    protected void becameReady(long now) {
        if (ready || closed) {
            return;
        }
        ready = true;
        lastFrameAt = now;
        if (readyFuture != null) {
            owner.loop().complete(readyFuture, local);
        }
        owner.connectionOpened(this, now);
        if (!closed && outbound.position() > 0) {
            flush(now);
        }
    }

    /** Queues one outbound frame (adding ChannelData padding) and flushes when ready. */
    void send(ByteBuffer payload, long now) {
        if (closed) {
            return;
        }
        int maxFrame = owner.loop().config.maxFrameBytes();
        int wire = StreamFramer.wireLength(payload, maxFrame);
        if (wire < 0) {
            LOG.debug("transmit of {} bytes to {} is not one STUN/ChannelData frame; dropped", payload.remaining(),
                    remote);
            return;
        }
        if (!reserveOutbound(wire)) {
            LOG.debug("write buffer to {} full; frame dropped", remote);
            return;
        }
        int position = payload.position();
        int length = payload.remaining();
        outbound.put(payload);
        payload.position(position);
        for (int i = length; i < wire; i++) {
            outbound.put((byte) 0);
        }
        lastFrameAt = now;
        if (ready) {
            flush(now);
        }
    }

    private boolean reserveOutbound(int bytes) {
        int needed = outbound.position() + bytes;
        if (needed <= outbound.capacity()) {
            return true;
        }
        int limit = owner.loop().config.writeBufferBytes();
        if (needed > limit) {
            return false;
        }
        int capacity = Math.min(limit, Math.max(needed, outbound.capacity() * 2));
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        outbound.flip();
        bigger.put(outbound);
        outbound = bigger;
        return true;
    }

    /** Hands every complete received frame to the engine; closes the connection when the stream is broken. */
    protected final void deliverFrames(long now) {
        deliverNow = now;
        int frames = framer.drain(sink);
        if (frames < 0) {
            close("stream is not STUN/ChannelData framing, or a frame is too large");
            return;
        }
        if (frames > 0) {
            receivedAnyFrame = true;
            lastFrameAt = now;
            partialSince = framer.hasPartialFrame() ? now : -1;
        } else if (framer.hasPartialFrame() && partialSince < 0) {
            partialSince = now;
        }
    }

    private void deliver(ByteBuffer frame) {
        if (!closed) {
            owner.handleDatagram(local, remote, frame, deliverNow);
        }
    }

    /** Re-arms OP_WRITE according to pending output. */
    protected final void updateInterest() {
        if (closed || selectionKey == null || !selectionKey.isValid()) {
            return;
        }
        int ops = SelectionKey.OP_READ | (hasPendingWrites() ? SelectionKey.OP_WRITE : 0);
        if (selectionKey.interestOps() != ops) {
            selectionKey.interestOps(ops);
        }
    }

    /** Closes stalled connections; called by the loop's periodic sweep. */
    void checkTimeouts(long now) {
        if (closed) {
            return;
        }
        EventLoop loop = owner.loop();
        if (!ready && now - openedAt > loop.frameTimeoutNanos) {
            close(accepted ? "handshake timeout" : "connect timeout");
        } else if (accepted && !receivedAnyFrame && now - openedAt > loop.frameTimeoutNanos) {
            close("no frame received in time");
        } else if (partialSince >= 0 && now - partialSince > loop.frameTimeoutNanos) {
            close("frame not completed in time");
        } else if (now - lastFrameAt > loop.idleTimeoutNanos) {
            close("idle");
        } else if (!framer.hasPartialFrame()) {
            framer.trim();
        }
    }

    @Override
    public final void close(String why) {
        close(why, null);
    }

    final void close(String why, Throwable cause) {
        if (closed) {
            return;
        }
        if (ready) {
            try {
                goodbye();
            } catch (RuntimeException e) {
                LOG.debug("goodbye to {} failed", remote, e);
            }
        }
        closed = true;
        if (selectionKey != null) {
            selectionKey.cancel();
        }
        EngineSlot.closeQuietly(channel);
        owner.forget(this);
        if (LOG.isDebugEnabled()) {
            LOG.debug("closed {} <-> {}: {}", local, remote, why, cause);
        }
        if (readyFuture != null && !readyFuture.isDone()) {
            IOException failure = new IOException("connection to " + remote + " closed: " + why);
            if (cause != null) {
                failure.initCause(cause);
            }
            owner.loop().fail(readyFuture, failure);
        }
        if (ready) {
            owner.connectionClosed(this, System.nanoTime());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (local != null ? local : transport.token()) + " <-> " + remote + "]";
    }
}
