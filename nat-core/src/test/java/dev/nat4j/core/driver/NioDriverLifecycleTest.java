package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.TransportAddress;

class NioDriverLifecycleTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final EventSink sink = new EventSink();

    @AfterEach
    void stop() {
        events.shutdownNow();
    }

    private static SocketSpec udpLoopback() {
        return SocketSpec.udp(new InetSocketAddress(LO, 0));
    }

    @Test
    void aDeadlineFiresHandleTimeoutOnTime() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            EchoEngine engine = new EchoEngine();
            EngineHandle<TestEvent> h = driver.register(engine, List.of(udpLoopback()), events, sink);
            long armedAt = h.call(() -> {
                long now = NioDriver.now();
                engine.armTimer(now + TimeUnit.MILLISECONDS.toNanos(50));
                return now;
            }).join();
            TestEvent.TimedOut fired = sink.next(TestEvent.TimedOut.class);
            long lateMs = (fired.now() - fired.deadline()) / 1_000_000;
            assertTrue(fired.now() >= armedAt + TimeUnit.MILLISECONDS.toNanos(50), "not before the deadline");
            assertTrue(lateMs < 200, "fired " + lateMs + " ms late");
            assertEquals(1, h.call(() -> engine.timeouts).join(), "called once, then no deadline");
        }
    }

    @Test
    void severalEnginesKeepTheirOwnDeadlines() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            EchoEngine early = new EchoEngine();
            EchoEngine late = new EchoEngine();
            EventSink lateSink = new EventSink();
            EngineHandle<TestEvent> a = driver.register(early, List.of(), events, sink);
            EngineHandle<TestEvent> b = driver.register(late, List.of(), events, lateSink);
            long now = NioDriver.now();
            b.execute(() -> late.armTimer(now + TimeUnit.MILLISECONDS.toNanos(120))).join();
            a.execute(() -> early.armTimer(now + TimeUnit.MILLISECONDS.toNanos(30))).join();
            TestEvent.TimedOut first = sink.next(TestEvent.TimedOut.class);
            assertNull(lateSink.poll(TestEvent.TimedOut.class, 0));
            TestEvent.TimedOut second = lateSink.next(TestEvent.TimedOut.class);
            assertTrue(second.now() > first.now());
            assertTrue(second.now() >= now + TimeUnit.MILLISECONDS.toNanos(120));
        }
    }

    /** Throws from every entry point on odd packets; echoes even ones. */
    static final class FlakyEngine extends EchoEngine {
        int packets;

        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
            if (packets++ % 2 == 0) {
                armTimer(now); // due at once: handleTimeout throws too
                throw new IllegalStateException("engine bug on purpose");
            }
            super.handleDatagram(local, remote, payload, now);
        }

        @Override
        public void handleTimeout(long now) {
            armTimer(Engine_NO_TIMEOUT);
            throw new IllegalStateException("timer bug on purpose");
        }

        private static final long Engine_NO_TIMEOUT = Long.MAX_VALUE;
    }

    @Test
    void anEngineThatThrowsDoesNotStopTheDriver() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            EngineHandle<TestEvent> flaky = driver.register(new FlakyEngine(), List.of(udpLoopback()), events,
                    new EventSink());
            EngineHandle<TestEvent> healthy = driver.register(new EchoEngine(), List.of(udpLoopback()), events, sink);
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
                client.setSoTimeout(2000);
                for (int i = 0; i < 4; i++) {
                    byte[] m = Frames.stun(4, i);
                    client.send(new DatagramPacket(m, m.length, flaky.localAddress().socketAddress()));
                    client.send(new DatagramPacket(m, m.length, healthy.localAddress().socketAddress()));
                    // Two echoes for odd-numbered rounds (both engines), one for even (healthy only).
                    int expected = i % 2 == 0 ? 1 : 2;
                    for (int k = 0; k < expected; k++) {
                        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                        client.receive(reply);
                        assertArrayEquals(m, Arrays.copyOf(reply.getData(), reply.getLength()));
                    }
                }
            }
            assertTrue(driver.isOpen());
            assertTrue(driver.thread().isAlive());
            // A command that throws fails its future; the loop goes on.
            CompletableFuture<Object> failed = healthy.call(() -> {
                throw new IOException("command failure on purpose");
            });
            CompletionException e = assertThrows(CompletionException.class, failed::join);
            assertTrue(e.getCause() instanceof IOException);
            assertEquals(7, healthy.call(() -> 7).join());
        }
    }

    /** Always due, and every poll method throws: the worst neighbour an engine can have. */
    static final class HostileEngine extends EchoEngine {
        volatile int timeoutCalls;

        @Override
        public void handleTimeout(long now) {
            timeoutCalls++;
        }

        @Override
        public long pollTimeout() {
            return 0; // forever in the past
        }

        @Override
        public dev.nat4j.core.Transmit pollTransmit() {
            throw new IllegalStateException("pollTransmit bug on purpose");
        }

        @Override
        public TestEvent pollEvent() {
            throw new IllegalStateException("pollEvent bug on purpose");
        }
    }

    @Test
    void aHostileNeighbourNeitherStopsNorStarvesOtherEngines() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            HostileEngine hostile = new HostileEngine();
            driver.register(hostile, List.of(udpLoopback()), events, new EventSink());
            EngineHandle<TestEvent> healthy = driver.register(new EchoEngine(), List.of(udpLoopback()), events, sink);
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
                client.setSoTimeout(2000);
                for (int i = 0; i < 20; i++) {
                    byte[] m = Frames.stun(4, i);
                    client.send(new DatagramPacket(m, m.length, healthy.localAddress().socketAddress()));
                    DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                    client.receive(reply);
                    assertArrayEquals(m, Arrays.copyOf(reply.getData(), reply.getLength()));
                }
            }
            // A deadline stuck in the past is retried with a back-off, not in a hot loop.
            int before = hostile.timeoutCalls;
            long start = System.nanoTime();
            Await.until("a few more timeouts", 2000, () -> hostile.timeoutCalls >= before + 20);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 10, "20 stuck timeouts took only " + elapsedMs + " ms: no back-off");
            assertTrue(driver.thread().isAlive());
        }
    }

    @Test
    void aListenerThatThrowsKeepsGettingEvents() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            CountDownLatch three = new CountDownLatch(3);
            EchoEngine engine = new EchoEngine();
            EngineHandle<TestEvent> h = driver.register(engine, List.of(), events, e -> {
                three.countDown();
                throw new IllegalStateException("listener bug on purpose");
            });
            for (int i = 0; i < 3; i++) {
                h.execute(() -> engine.armTimer(0)).join();
            }
            assertTrue(three.await(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void eventsArriveInOrderOnAManyThreadedExecutor() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NioDriver driver = NioDriver.start()) {
            List<Long> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            AtomicReference<Thread> driverThread = new AtomicReference<>();
            AtomicReference<Thread> wrongThread = new AtomicReference<>();
            EchoEngine engine = new EchoEngine();
            EngineHandle<TestEvent> h = driver.register(engine, List.of(), pool, e -> {
                if (Thread.currentThread() == driverThread.get()) {
                    wrongThread.set(Thread.currentThread());
                }
                seen.add(((TestEvent.TimedOut) e).deadline());
            });
            driverThread.set(h.call(Thread::currentThread).join());
            for (long i = 0; i < 500; i++) {
                long d = i;
                h.execute(() -> engine.armTimer(d)).join();
            }
            Await.until("500 events", 2000, () -> seen.size() == 500);
            for (int i = 0; i < 500; i++) {
                assertEquals(i, seen.get(i));
            }
            assertNull(wrongThread.get(), "listener ran on the driver thread");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callsRunOnTheDriverThreadAndCompleteElsewhere() throws Exception {
        try (NioDriver driver = NioDriver.start(DriverConfig.defaults().withThreadName("call-test-driver"))) {
            assertFalse(driver.isDriverThread());
            assertEquals("call-test-driver", driver.call(() -> Thread.currentThread().getName()).join());
            AtomicReference<String> dependentThread = new AtomicReference<>();
            driver.execute(() -> { }).thenRun(() -> dependentThread.set(Thread.currentThread().getName())).join();
            assertNotEquals("call-test-driver", dependentThread.get(), "dependent stages never run on the loop");
            assertTrue(driver.call(driver::isDriverThread).join());
        }
    }

    @Test
    void closeLeavesNoThreadAndNoSocketBehind() throws Exception {
        // A first round loads the NIO classes, whose static set-up opens a few descriptors for the JVM's lifetime.
        NioDriver warmUp = NioDriver.start();
        EngineHandle<TestEvent> w = warmUp.register(new EchoEngine(), List.of(udpLoopback(),
                SocketSpec.tcp(new InetSocketAddress(LO, 0))), events, new EventSink());
        warmUp.register(new EchoEngine(), List.of(), events, new EventSink())
                .connect(w.localAddresses().get(1).socketAddress()).join();
        warmUp.close();

        long fdsBefore = openFileDescriptors();
        int udpPort;
        int tcpPort;
        NioDriver driver = NioDriver.start(DriverConfig.defaults().withThreadName("leak-test-driver"));
        EngineHandle<TestEvent> h = driver.register(new EchoEngine(), List.of(udpLoopback(),
                SocketSpec.tcp(new InetSocketAddress(LO, 0))), events, sink);
        udpPort = h.localAddresses().get(0).port();
        tcpPort = h.localAddresses().get(1).port();
        EngineHandle<TestEvent> client = driver.register(new EchoEngine(), List.of(), events, new EventSink());
        client.connect(h.localAddresses().get(1).socketAddress()).join();
        Await.until("both ends open", 2000, () -> driver.loop().connectionCount() == 2);
        Thread loop = driver.thread();
        assertTrue(loop.isAlive());

        driver.close();

        assertFalse(loop.isAlive(), "driver thread ended");
        assertFalse(driver.isOpen());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(
                t -> t.getName().equals("leak-test-driver")), "no thread left with the driver's name");
        // The ports are free again: the sockets are really closed.
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LO, udpPort));
             ServerSocket tcpAgain = new ServerSocket()) {
            tcpAgain.setReuseAddress(true);
            tcpAgain.bind(new InetSocketAddress(LO, tcpPort));
            assertEquals(udpPort, again.getLocalPort());
        }
        if (fdsBefore >= 0) {
            Await.until("file descriptors back to " + fdsBefore, 2000, () -> openFileDescriptors() <= fdsBefore);
        }
        // Afterwards everything fails fast instead of hanging.
        assertThrows(CompletionException.class, () -> h.call(() -> 1).join());
        assertThrows(IOException.class, () -> driver.register(new EchoEngine(), List.of(), events, sink));
        h.close();      // idempotent
        driver.close(); // idempotent
    }

    @Test
    void closingOneEngineClosesOnlyItsSockets() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            EngineHandle<TestEvent> a = driver.register(new EchoEngine(), List.of(udpLoopback()), events, sink);
            EngineHandle<TestEvent> b = driver.register(new EchoEngine(), List.of(udpLoopback()), events, sink);
            int aPort = a.localAddress().port();
            // Close from a command that then holds the loop, so no later select can finish NIO's deferred close:
            // the port must be free because close() itself released it.
            CountDownLatch closed = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = driver.execute(() -> {
                a.close();
                closed.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertTrue(closed.await(2, TimeUnit.SECONDS));
                try (DatagramSocket rebind = new DatagramSocket(new InetSocketAddress(LO, aPort))) {
                    assertEquals(aPort, rebind.getLocalPort());
                }
            } finally {
                release.countDown();
            }
            holder.join();
            assertFalse(a.isOpen());
            assertThrows(CompletionException.class, () -> a.call(() -> 1).join());
            for (int i = 0; i < 20; i++) {
                EngineHandle<TestEvent> again = driver.register(new EchoEngine(),
                        List.of(SocketSpec.udp(new InetSocketAddress(LO, aPort)),
                                SocketSpec.tcp(new InetSocketAddress(LO, aPort))), events, sink);
                again.close();
            }
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
                client.setSoTimeout(2000);
                byte[] m = Frames.stun(0, 1);
                client.send(new DatagramPacket(m, m.length, b.localAddress().socketAddress()));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                client.receive(reply);
                assertEquals(20, reply.getLength());
            }
        }
    }

    @Test
    void aBindFailureClosesWhatWasOpenedAndThrows() throws Exception {
        try (NioDriver driver = NioDriver.start();
             ServerSocket taken = new ServerSocket(0, 1, LO)) {
            int free;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LO, 0))) {
                free = probe.getLocalPort();
            }
            assertThrows(IOException.class, () -> driver.register(new EchoEngine(), List.of(
                    SocketSpec.udp(new InetSocketAddress(LO, free)),
                    SocketSpec.tcp(new InetSocketAddress(LO, taken.getLocalPort()))), events, sink));
            try (DatagramSocket rebind = new DatagramSocket(new InetSocketAddress(LO, free))) {
                assertEquals(free, rebind.getLocalPort(), "the UDP socket opened first was closed again");
            }
            assertTrue(driver.isOpen());
        }
    }

    @Test
    void openAddsASocketLater() throws Exception {
        try (NioDriver driver = NioDriver.start()) {
            EngineHandle<TestEvent> h = driver.register(new EchoEngine(), List.of(), events, sink);
            assertThrows(IllegalStateException.class, h::localAddress);
            TransportAddress added = h.open(udpLoopback());
            assertEquals(List.of(added), h.localAddresses());
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
                client.setSoTimeout(2000);
                byte[] m = Frames.stun(4, 2);
                client.send(new DatagramPacket(m, m.length, added.socketAddress()));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                client.receive(reply);
                assertEquals(24, reply.getLength());
            }
        }
    }

    /** Open descriptors of this process, or -1 where /proc is not available. */
    static long openFileDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (var list = Files.list(fds)) {
            return list.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
