package dev.nat4j.benchmarks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.turn.client.ReceivedData;
import dev.nat4j.turn.client.TurnClientConfig;
import dev.nat4j.turn.client.TurnClientEngine;

/**
 * The TURN client's per-packet data path once a channel is bound: wrapping an application payload into ChannelData
 * for the server, and decoding ChannelData from the server into (peer, payload). Both should allocate nothing; run
 * with {@code -prof gc} and read {@code gc.alloc.rate.norm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TurnClientChannelDataBenchmark {
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 3478);
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.20", 6000);

    @Param({"100", "1200"})
    public int payloadSize;

    private TurnClientEngine engine;
    private ByteBuffer payload;
    private ByteBuffer out;
    private ByteBuffer received;
    private final ReceivedData rx = new ReceivedData();
    private long now = 1;

    @Setup
    public void setUp() {
        // A server that needs no credentials answers Allocate and ChannelBind, so the channel is bound without I/O.
        engine = new TurnClientEngine(TurnClientConfig.of(null).withAutoBindChannels(false));
        TransportAddress local = TransportAddress.udp(new InetSocketAddress("10.0.0.2", 5000));
        engine.start(local, SERVER, now);
        answer(local, StunMethod.ALLOCATE, true);
        if (engine.bindChannel(PEER, now) < 0) {
            throw new IllegalStateException("not allocated: " + engine);
        }
        answer(local, StunMethod.CHANNEL_BIND, false);
        if (!engine.isChannelBound(PEER)) {
            throw new IllegalStateException("channel not bound: " + engine);
        }
        payload = ByteBuffer.allocate(payloadSize);
        out = ByteBuffer.allocate(payloadSize + 8);
        received = ByteBuffer.allocate(payloadSize + 4);
        engine.encodeChannelData(PEER, payload, received, now);
        received.flip();
    }

    private void answer(TransportAddress local, int method, boolean allocate) {
        Transmit t = engine.pollTransmit();
        StunMessage request = StunMessage.parse(t.payload());
        StunWriter w = new StunWriter(ByteBuffer.allocate(512))
                .start(method, MessageClass.SUCCESS_RESPONSE, request.transactionId());
        if (allocate) {
            w.add(new XorRelayedAddress(new InetSocketAddress("203.0.113.5", 49152)))
                    .add(new XorMappedAddress(new InetSocketAddress("198.51.100.7", 40000)))
                    .add(new Lifetime(600));
        }
        engine.handleDatagram(local, SERVER, w.finish(), now);
        while (engine.pollEvent() != null) {
            // drained
        }
    }

    /** Payload -> ChannelData in the caller's buffer. */
    @Benchmark
    public int wrapForSend() {
        out.clear();
        return engine.encodeChannelData(PEER, payload, out, ++now);
    }

    /** ChannelData from the server -> peer, offset and length of the payload. */
    @Benchmark
    public int decodeReceived() {
        engine.decodeData(received, rx, ++now);
        return rx.length() + rx.peer().getPort();
    }
}
