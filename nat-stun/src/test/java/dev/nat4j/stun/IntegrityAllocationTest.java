package dev.nat4j.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.ShortTermCredentials;

/**
 * The hot path of a STUN server or ICE agent: wrap a received Binding request in a reused view, check its
 * MESSAGE-INTEGRITY and FINGERPRINT. Once the thread is warm this must allocate nothing at all.
 *
 * <p>The counter is {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, reached through a method
 * handle because the library module does not (and should not) read {@code java.management}; the bytes the probe
 * itself costs are measured with an empty run and subtracted.
 */
class IntegrityAllocationTest {
    private static final int ITERATIONS = 10_000;

    @Test
    void wrapAndVerifyAllocateNothingOnAWarmThread() throws Throwable {
        assertNoAllocation(ByteBuffer.wrap(Rfc5769VectorsTest.SAMPLE_REQUEST));
    }

    @Test
    void sameForADirectBuffer() throws Throwable {
        byte[] request = Rfc5769VectorsTest.SAMPLE_REQUEST;
        assertNoAllocation(ByteBuffer.allocateDirect(request.length).put(request).flip());
    }

    private static void assertNoAllocation(ByteBuffer datagram) throws Throwable {
        MethodHandle allocated = allocatedBytesProbe();
        assumeTrue(allocated != null, "thread allocation accounting unavailable on this JVM");

        byte[] key = ShortTermCredentials.key(Rfc5769VectorsTest.SHORT_TERM_PASSWORD);
        StunMessage view = new StunMessage();

        assertEquals(50_000, run(view, datagram, key, 50_000)); // warm up: JIT, thread-local state, scratch arrays
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5 && best > 0; round++) {
            long p0 = (long) allocated.invokeExact();
            long p1 = (long) allocated.invokeExact();
            int passed = run(view, datagram, key, ITERATIONS);
            long p2 = (long) allocated.invokeExact();
            assertEquals(ITERATIONS, passed);
            best = Math.min(best, (p2 - p1) - (p1 - p0));
        }
        assertEquals(0, Math.max(0, best), "bytes allocated by " + ITERATIONS + " wrap+verify rounds");
    }

    /** {@code () -> long} reading the current thread's allocated bytes, or null when the JVM cannot tell. */
    private static MethodHandle allocatedBytesProbe() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> extended = Class.forName("com.sun.management.ThreadMXBean");
            if (!extended.isInstance(bean)
                    || !(boolean) extended.getMethod("isThreadAllocatedMemorySupported").invoke(bean)) {
                return null;
            }
            extended.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
            return MethodHandles.publicLookup()
                    .findVirtual(extended, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .bindTo(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static int run(StunMessage view, ByteBuffer datagram, byte[] key, int n) {
        int passed = 0;
        for (int i = 0; i < n; i++) {
            if (view.wrap(datagram) && IntegrityCodec.verifyFingerprint(view) && IntegrityCodec.verify(view, key)
                    && view.firstUnknownComprehensionRequired(AttributeRegistry::isKnown) < 0
                    && view.transactionIdByte(0) == (byte) 0xb7) {
                passed++;
            }
        }
        return passed;
    }
}
