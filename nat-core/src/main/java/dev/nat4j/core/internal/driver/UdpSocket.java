package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/** A bound UDP socket of one engine. Receives into the loop's shared buffer; sends transmits as they come. */
final class UdpSocket implements IoHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);
    /** Datagrams taken per readiness event before other channels get a turn. */
    private static final int BATCH = 64;

    private final EngineSlot<?> owner;
    private final DatagramChannel channel;
    private final TransportAddress local;
    private SelectionKey key;

    private UdpSocket(EngineSlot<?> owner, DatagramChannel channel, TransportAddress local) {
        this.owner = owner;
        this.channel = channel;
        this.local = local;
    }

    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    static UdpSocket open(EngineSlot<?> owner, InetSocketAddress bind) throws IOException {
        DatagramChannel channel = DatagramChannel.open(bind.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.configureBlocking(false);
            // A server socket absorbs bursts while the loop is busy: ask for 4 MiB (the kernel caps it at
            // net.core.rmem_max). The default (about 200 KiB) drops datagrams under load.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(bind);
            TransportAddress local = TransportAddress.of((InetSocketAddress) channel.getLocalAddress(), Transport.UDP);
            UdpSocket socket = new UdpSocket(owner, channel, local);
            socket.key = channel.register(owner.loop().selector(), SelectionKey.OP_READ, socket);
            return socket;
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
        ByteBuffer buf = owner.loop().datagramBuffer;
        for (int i = 0; i < BATCH && channel.isOpen(); i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (IOException e) {
                // e.g. ICMP errors surfacing on some platforms: the socket itself is still fine.
                LOG.debug("receive on {} failed", local, e);
                return;
            }
            if (from == null) {
                return;
            }
            buf.flip();
            owner.handleDatagram(local, (InetSocketAddress) from, buf, now);
        }
    }

    /** Sends the payload's readable bytes; the payload's position is left as it was. Drops on any failure. */
    void send(ByteBuffer payload, InetSocketAddress destination) {
        int position = payload.position();
        try {
            if (channel.send(payload, destination) == 0 && LOG.isTraceEnabled()) {
                LOG.trace("send buffer full on {}; datagram to {} dropped", local, destination);
            }
        } catch (IOException | RuntimeException e) {
            // Unreachable networks, family mismatch (IPv6 destination on an IPv4 socket): a lost datagram.
            LOG.debug("send from {} to {} failed", local, destination, e);
        } finally {
            payload.position(position);
        }
    }

    @Override
    public void close(String why) {
        if (key != null) {
            key.cancel();
        }
        EngineSlot.closeQuietly(channel);
        LOG.debug("closed {} ({})", local, why);
    }

    @Override
    public String toString() {
        return "UdpSocket[" + local + "]";
    }
}
