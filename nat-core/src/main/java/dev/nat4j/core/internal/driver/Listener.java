package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.SocketSpec;

/** A TCP or TLS listener of one engine; accepted connections belong to that engine. */
final class Listener implements IoHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    private static final int ACCEPTS_PER_EVENT = 64;
    private static final int BACKLOG = 1024;

    private final EngineSlot<?> owner;
    private final ServerSocketChannel channel;
    private final TransportAddress local;
    private final SSLContext sslContext;
    private SelectionKey key;

    private Listener(EngineSlot<?> owner, ServerSocketChannel channel, TransportAddress local, SSLContext sslContext) {
        this.owner = owner;
        this.channel = channel;
        this.local = local;
        this.sslContext = sslContext;
    }

    static Listener open(EngineSlot<?> owner, SocketSpec spec) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(spec.bind().getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(spec.bind(), BACKLOG);
            TransportAddress local = TransportAddress.of((InetSocketAddress) channel.getLocalAddress(),
                    spec.transport());
            Listener listener = new Listener(owner, channel, local, spec.sslContext());
            listener.key = channel.register(owner.loop().selector(), SelectionKey.OP_ACCEPT, listener);
            return listener;
        } catch (IOException | RuntimeException e) {
            EngineSlot.closeQuietly(channel);
            throw e;
        }
    }

    TransportAddress local() {
        return local;
    }

    @Override
    public void ready(SelectionKey key, long now) {
        for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                LOG.debug("accept on {} failed", local, e);
                return;
            }
            if (accepted == null) {
                return;
            }
            if (!owner.loop().admitConnection()) {
                LOG.debug("connection limit reached; refusing a connection on {}", local);
                EngineSlot.closeQuietly(accepted);
                continue;
            }
            try {
                accepted.configureBlocking(false);
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                TransportAddress localEnd = TransportAddress.of((InetSocketAddress) accepted.getLocalAddress(),
                        local.transport());
                InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
                StreamConnection connection;
                if (sslContext == null) {
                    connection = new TcpConnection(owner, accepted, localEnd, remote, null);
                } else {
                    SSLEngine ssl = sslContext.createSSLEngine();
                    ssl.setUseClientMode(false);
                    connection = new TlsConnection(owner, accepted, localEnd, remote, null, ssl);
                }
                owner.adopt(connection);
                connection.register(true);
            } catch (IOException | RuntimeException e) {
                LOG.debug("setting up a connection accepted on {} failed", local, e);
                EngineSlot.closeQuietly(accepted);
            }
        }
    }

    @Override
    public void close(String why) {
        if (key != null) {
            key.cancel();
        }
        EngineSlot.closeQuietly(channel);
        LOG.debug("closed listener {} ({})", local, why);
    }

    @Override
    public String toString() {
        return "Listener[" + local + "]";
    }
}
