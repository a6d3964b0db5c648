package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/**
 * A TLS connection: an {@link SSLEngine} between the socket and the framer, driven without blocking. Handshake
 * tasks run inline on the selector thread (they are short for the key sizes in use and keep the model single-threaded).
 */
final class TlsConnection extends StreamConnection {
    /** Steps per pump before yielding to other channels; the rest continues at the next loop turn. */
    private static final int STEPS_PER_PUMP = 256;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine ssl;
    private final int appBufferSize;
    private ByteBuffer netIn;   // write mode: ciphertext received, not yet unwrapped
    private ByteBuffer netOut;  // write mode: ciphertext produced, not yet written
    private boolean handshakeDone;
    private boolean pumpScheduled;

    TlsConnection(EngineSlot<?> owner, SocketChannel channel, TransportAddress local, InetSocketAddress remote,
                  CompletableFuture<TransportAddress> readyFuture, SSLEngine ssl) {
        super(owner, channel, Transport.TLS, local, remote, readyFuture);
        this.ssl = ssl;
        int packet = ssl.getSession().getPacketBufferSize();
        this.appBufferSize = ssl.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
    }

    @Override
    protected void connected(long now) {
        try {
            ssl.beginHandshake();
        } catch (SSLException | RuntimeException e) {
            close("TLS handshake could not start: " + e.getMessage(), e);
            return;
        }
        pump(now);
    }

    @Override
    protected void pump(long now) {
        try {
            int steps = 0;
            while (!closed && step(now)) {
                if (++steps >= STEPS_PER_PUMP) {
                    scheduleMorePumping();
                    break;
                }
            }
            if (!closed) {
                flushNet();
                updateInterest();
            }
        } catch (SSLException | RuntimeException e) {
            // SSLEngine reports some configuration problems (e.g. no trust anchors) as RuntimeExceptions.
            close("TLS failure: " + e, e);
        } catch (IOException e) {
            close("I/O error: " + e.getMessage(), e);
        }
    }

    @Override
    protected void flush(long now) {
        if (closed || !handshakeDone) {
            return;
        }
        try {
            // Wrap only: flush can be called while frames are being delivered, so it must not read.
            while (!closed && outbound.position() > 0 && wrap(outbound)) {
                // keep wrapping until the plaintext is gone or the socket is full
            }
            if (!closed) {
                flushNet();
                updateInterest();
            }
        } catch (SSLException | RuntimeException e) {
            close("TLS failure: " + e, e);
        } catch (IOException e) {
            close("I/O error: " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean hasPendingWrites() {
        return netOut.position() > 0 || (handshakeDone && outbound.position() > 0);
    }

    @Override
    protected void goodbye() {
        ssl.closeOutbound();
        try {
            netOut.clear();
            ssl.wrap(EMPTY, netOut);
            netOut.flip();
            channel.write(netOut);
        } catch (IOException e) {
            // best effort: the channel closes next anyway
        }
    }

    /** One step of the TLS state machine; false when nothing could move. */
    private boolean step(long now) throws IOException {
        HandshakeStatus hs = ssl.getHandshakeStatus();
        switch (hs) {
            case NEED_TASK -> {
                for (Runnable task; (task = ssl.getDelegatedTask()) != null; ) {
                    task.run();
                }
                return true;
            }
            case NEED_WRAP -> {
                return wrap(EMPTY);
            }
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                return unwrap(now, hs == HandshakeStatus.NEED_UNWRAP_AGAIN);
            }
            default -> {
                boolean wrote = handshakeDone && outbound.position() > 0 && wrap(outbound);
                boolean read = !closed && unwrap(now, false);
                return wrote || read;
            }
        }
    }

    private boolean wrap(ByteBuffer plaintext) throws IOException {
        if (netOut.remaining() < ssl.getSession().getPacketBufferSize() && !flushNet()) {
            return false; // the socket is full; OP_WRITE brings us back
        }
        if (netOut.remaining() < ssl.getSession().getPacketBufferSize()) {
            netOut = grow(netOut, ssl.getSession().getPacketBufferSize());
        }
        SSLEngineResult result;
        if (plaintext == EMPTY) {
            result = ssl.wrap(EMPTY, netOut);
        } else {
            plaintext.flip();
            try {
                result = ssl.wrap(plaintext, netOut);
            } finally {
                plaintext.compact();
            }
        }
        noteHandshake(result, System.nanoTime());
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            flushNet();
            close("TLS closed");
            return false;
        }
        flushNet();
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
    }

    private boolean unwrap(long now, boolean again) throws IOException {
        if (netIn.position() == 0 && !again && !readNet()) {
            return false;
        }
        SSLEngineResult result;
        netIn.flip();
        try {
            result = ssl.unwrap(netIn, framer.inbound(appBufferSize));
        } finally {
            netIn.compact();
        }
        noteHandshake(result, now);
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                int packet = ssl.getSession().getPacketBufferSize();
                if (netIn.capacity() < packet) {
                    netIn = grow(netIn, packet);
                }
                return readNet();
            }
            case BUFFER_OVERFLOW -> {
                // The session asked for a larger application buffer than at the start; the framer grows on request.
                framer.inbound(ssl.getSession().getApplicationBufferSize() * 2);
                return true;
            }
            case CLOSED -> {
                close("TLS closed by peer");
                return false;
            }
            default -> {
                if (result.bytesProduced() > 0) {
                    deliverFrames(now);
                }
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            }
        }
    }

    private void noteHandshake(SSLEngineResult result, long now) {
        if (!handshakeDone && result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
            becameReady(now);
        }
    }

    /** Reads ciphertext; false when nothing arrived. Closes on end of stream. */
    private boolean readNet() throws IOException {
        if (!netIn.hasRemaining()) {
            return false;
        }
        int n = channel.read(netIn);
        if (n < 0) {
            try {
                ssl.closeInbound();
            } catch (SSLException e) {
                // truncation without close_notify: the connection is gone either way
            }
            close("closed by peer");
            return false;
        }
        return n > 0;
    }

    /** Writes pending ciphertext; true when none is left. */
    private boolean flushNet() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            channel.write(netOut);
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    private void scheduleMorePumping() {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        owner.loop().later(() -> {
            pumpScheduled = false;
            pump(System.nanoTime());
        });
    }

    private static ByteBuffer grow(ByteBuffer buffer, int room) {
        ByteBuffer bigger = ByteBuffer.allocate(buffer.position() + room);
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
