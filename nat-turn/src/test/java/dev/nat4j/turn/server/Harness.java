package dev.nat4j.turn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.function.UnaryOperator;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.turn.spi.RelaySocketAllocator;

/** A TurnServerEngine on explicit time with in-memory relay addresses, and helpers to talk to it as a client. */
final class Harness {
    static final String REALM = "example.org";
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    static final String USER2 = "bob";
    static final String PASSWORD2 = "builder";
    static final TransportAddress LISTEN = TransportAddress.udp(addr("192.0.2.1", 3478));
    static final long T0 = 1_000_000_000_000L;

    /** Relay addresses 198.18.0.1:50000.. handed out in order, with a cap. */
    static final class Relays implements RelaySocketAllocator {
        final List<TransportAddress> live = new ArrayList<>();
        final List<TransportAddress> released = new ArrayList<>();
        int capacity;
        int next = 50_000;
        boolean ipv6 = true;

        Relays(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean supports(boolean v6) {
            return !v6 || ipv6;
        }

        @Override
        public TransportAddress allocate(boolean v6, boolean evenPort) {
            if (live.size() >= capacity) {
                return null;
            }
            int port = next++;
            if (evenPort && (port & 1) != 0) {
                port = next++;
            }
            TransportAddress a = TransportAddress.udp(addr(v6 ? "2001:db8::10" : "198.18.0.1", port));
            live.add(a);
            return a;
        }

        @Override
        public void release(TransportAddress address) {
            live.remove(address);
            released.add(address);
        }
    }

    final Relays relays;
    final TurnServerEngine engine;
    long now = T0;

    Harness() {
        this(b -> b);
    }

    Harness(UnaryOperator<TurnServerConfig.Builder> tweak) {
        this(tweak, 1000);
    }

    Harness(UnaryOperator<TurnServerConfig.Builder> tweak, int relayCapacity) {
        relays = new Relays(relayCapacity);
        TurnServerConfig.Builder b = TurnServerConfig.builder().realm(REALM)
                .auth(StaticUsers.builder(REALM).user(USER, PASSWORD).user(USER2, PASSWORD2).build())
                .unauthenticatedRepliesPerSecond(0)
                .nonceSecret(new byte[32])
                .unixNanosAtZero(1_700_000_000L * 1_000_000_000L - T0);
        engine = new TurnServerEngine(tweak.apply(b).build(), relays);
    }

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InetAddress ip(String ip) {
        return addr(ip, 0).getAddress();
    }

    void advance(Duration d) {
        now += d.toNanos();
        if (now - engine.pollTimeout() >= 0) {
            engine.handleTimeout(now);
        }
    }

    /** Feeds a datagram; returns what the engine sends (at most one), or null. */
    Transmit feed(TransportAddress local, InetSocketAddress from, ByteBuffer datagram) {
        engine.handleDatagram(local, from, datagram.duplicate(), now);
        Transmit t = engine.pollTransmit();
        if (t == null) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(t.payload().remaining());
        copy.put(t.payload().duplicate()).flip();
        return new Transmit(t.source(), t.destination(), copy);
    }

    /** Sends a request to the listen address; returns the parsed answer or null. */
    StunMessage ask(InetSocketAddress from, ByteBuffer datagram) {
        Transmit t = feed(LISTEN, from, datagram);
        if (t == null) {
            return null;
        }
        assertEquals(from, t.destination());
        assertEquals(LISTEN, t.source());
        return StunMessage.parse(t.payload());
    }

    String nonce(InetSocketAddress from) {
        StunMessage r = ask(from, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp()).build());
        assertNotNull(r, "no challenge");
        assertEquals(401, code(r));
        return r.get(Nonce.TYPE).value();
    }

    TestMessage signed(int method, InetSocketAddress from) {
        return TestMessage.request(method).auth(USER, REALM, nonce(from), PASSWORD);
    }

    StunMessage allocate(InetSocketAddress from, StunAttribute... extra) {
        return ask(from, signed(StunMethod.ALLOCATE, from).add(RequestedTransport.udp()).add(extra).build());
    }

    /** Allocates and returns the relayed address (asserting success). */
    InetSocketAddress allocated(InetSocketAddress from) {
        StunMessage r = allocate(from);
        assertNotNull(r);
        assertTrue(r.isSuccessResponse(), () -> "allocate failed: " + r);
        return r.get(XorRelayedAddress.TYPE).address();
    }

    StunMessage permit(InetSocketAddress from, InetSocketAddress... peers) {
        TestMessage m = signed(StunMethod.CREATE_PERMISSION, from);
        for (InetSocketAddress p : peers) {
            m.add(new XorPeerAddress(p));
        }
        return ask(from, m.build());
    }

    StunMessage bind(InetSocketAddress from, int channel, InetSocketAddress peer) {
        return ask(from, signed(StunMethod.CHANNEL_BIND, from).add(new ChannelNumber(channel), new XorPeerAddress(peer))
                .build());
    }

    static int code(StunMessage m) {
        if (m == null) {
            return -1;
        }
        if (m.isSuccessResponse()) {
            return 0;
        }
        ErrorCode e = m.get(ErrorCode.TYPE);
        return e == null ? -2 : e.code();
    }

    /** The relay address object as the engine knows it (from the fake allocator). */
    TransportAddress relay(InetSocketAddress relayed) {
        return TransportAddress.udp(relayed);
    }

    static ByteBuffer channelData(int channel, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + data.length);
        b.putShort((short) channel).putShort((short) data.length).put(data).flip();
        return b;
    }
}
