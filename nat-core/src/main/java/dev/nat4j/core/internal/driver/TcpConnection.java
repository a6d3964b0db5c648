package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/** A plain TCP connection: bytes go straight between the socket and the framer / write buffer. */
final class TcpConnection extends StreamConnection {
    /** Reads per readiness event before other channels get a turn (the selector fires again if more is waiting). */
    private static final int READS_PER_EVENT = 16;

    TcpConnection(EngineSlot<?> owner, SocketChannel channel, TransportAddress local, InetSocketAddress remote,
                  CompletableFuture<TransportAddress> readyFuture) {
        super(owner, channel, Transport.TCP, local, remote, readyFuture);
    }

    @Override
    protected void connected(long now) {
        becameReady(now);
        updateInterest();
    }

    @Override
    protected void pump(long now) {
        try {
            for (int i = 0; i < READS_PER_EVENT && !closed; i++) {
                ByteBuffer in = framer.inbound(1);
                int n = channel.read(in);
                if (n < 0) {
                    close("closed by peer");
                    return;
                }
                if (n == 0) {
                    break;
                }
                deliverFrames(now);
            }
            if (!closed) {
                flush(now);
            }
        } catch (IOException e) {
            close("I/O error: " + e.getMessage(), e);
        }
    }

    @Override
    protected void flush(long now) {
        if (closed) {
            return;
        }
        if (outbound.position() > 0) {
            outbound.flip();
            try {
                channel.write(outbound);
            } catch (IOException e) {
                outbound.compact();
                close("write failed: " + e.getMessage(), e);
                return;
            }
            outbound.compact();
        }
        updateInterest();
    }

    @Override
    protected boolean hasPendingWrites() {
        return outbound.position() > 0;
    }
}
