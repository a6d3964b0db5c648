package dev.nat4j.benchmarks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;

/**
 * The STUN codec on the paths every server and ICE agent runs per packet: decoding and authenticating a Binding
 * request, and encoding a Binding success response. Run with {@code -prof gc} to see {@code gc.alloc.rate.norm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StunCodecBenchmark {
    private final byte[] key = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private final StunMessage view = new StunMessage();
    private ByteBuffer request;
    private final ByteBuffer out = ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE);
    private StunWriter writer;
    private TransactionId id;
    private XorMappedAddress mapped;

    @Setup
    public void setUp() {
        id = TransactionId.random();
        // An ICE-style connectivity check: USERNAME, MESSAGE-INTEGRITY and FINGERPRINT.
        request = new StunWriter(ByteBuffer.allocate(256))
                .start(StunMethod.BINDING, MessageClass.REQUEST, id)
                .add(new Username("evtj:h6vY"))
                .addMessageIntegrity(key)
                .addFingerprint()
                .finish();
        writer = new StunWriter(out);
        mapped = new XorMappedAddress(new InetSocketAddress("192.0.2.1", 32853));
    }

    /** Decode (view), MESSAGE-INTEGRITY and FINGERPRINT check of a Binding request. */
    @Benchmark
    public boolean decodeAndVerifyBindingRequest() {
        return view.wrap(request) && IntegrityCodec.verifyFingerprint(view)
                && IntegrityCodec.verifyIntegrity(view, key);
    }

    /** Encode of a Binding success response (XOR-MAPPED-ADDRESS, FINGERPRINT) into a lent buffer. */
    @Benchmark
    public ByteBuffer encodeBindingSuccess() {
        out.clear();
        return writer.reset(out)
                .start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, id)
                .add(mapped)
                .addFingerprint()
                .finish();
    }
}
