package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/** {@link EngineHandle#close(TransportAddress)}: one socket of an engine goes, its port is free, the rest carry on. */
@Timeout(30)
class NioDriverCloseSocketTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private NioDriver driver;
    private ExecutorService events;
    private final EventSink sink = new EventSink();

    @BeforeEach
    void start() {
        driver = NioDriver.start(DriverConfig.defaults().withThreadName("close-socket-test-driver"));
        events = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        driver.close();
        events.shutdownNow();
    }

    private static SocketSpec udp() {
        return SocketSpec.udp(new InetSocketAddress(LO, 0));
    }

    private static void assertEchoes(DatagramSocket client, TransportAddress to, int seq) throws IOException {
        byte[] request = Frames.stun(4, seq);
        client.send(new DatagramPacket(request, request.length, to.socketAddress()));
        DatagramPacket reply = new DatagramPacket(new byte[256], 256);
        client.receive(reply);
        assertEquals(to.port(), reply.getPort(), "answered from the socket it was sent to");
        assertArrayEquals(request, Arrays.copyOf(reply.getData(), reply.getLength()));
    }

    /** Binds {@code port} on loopback and lets it go again: fails when someone still holds it. */
    private static void assertUdpPortFree(int port) throws IOException {
        try (DatagramSocket rebind = new DatagramSocket(new InetSocketAddress(LO, port))) {
            assertEquals(port, rebind.getLocalPort());
        }
    }

    @Test
    void closingOneOfSeveralSocketsWhileTrafficFlowsToTheOthers() throws Exception {
        EchoEngine engine = new EchoEngine();
        EngineHandle<TestEvent> h = driver.register(engine, List.of(udp(), udp(), udp()), events, sink);
        List<TransportAddress> locals = h.localAddresses();
        TransportAddress a = locals.get(0);
        TransportAddress b = locals.get(1);
        TransportAddress c = locals.get(2);
        assertEquals(3, h.socketCount());

        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService flooder = Executors.newSingleThreadExecutor();
        try (DatagramSocket floodSocket = new DatagramSocket(new InetSocketAddress(LO, 0));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            client.setSoTimeout(2000);
            byte[] m = Frames.stun(8, 7);
            DatagramPacket toA = new DatagramPacket(m, m.length, a.socketAddress());
            DatagramPacket toC = new DatagramPacket(m, m.length, c.socketAddress());
            CountDownLatch flowing = new CountDownLatch(100);
            // The echoes of this flood land on floodSocket, which never reads: the kernel drops them when it is full.
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 200_000 && flooding.get(); i++) {
                        floodSocket.send(i % 2 == 0 ? toA : toC);
                        flowing.countDown();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, flooder);
            assertTrue(flowing.await(5, TimeUnit.SECONDS), "flood started");

            assertTrue(h.close(b));

            // The port is free the moment close returns, though the loop is busy with the other sockets.
            assertUdpPortFree(b.port());
            assertEquals(List.of(a, c), h.localAddresses());
            assertEquals(2, h.socketCount());
            assertEquals(a, h.localAddress());
            assertEchoes(client, a, 1);
            assertEchoes(client, c, 2);
            flooding.set(false);
            flood.get(10, TimeUnit.SECONDS);

            // Nothing is served on b any more (the port is not even bound).
            byte[] probe = Frames.stun(0, 9);
            client.send(new DatagramPacket(probe, probe.length, b.socketAddress()));
            client.setSoTimeout(200);
            DatagramPacket none = new DatagramPacket(new byte[64], 64);
            assertThrows(IOException.class, () -> client.receive(none), "no answer from a closed socket");
            client.setSoTimeout(2000);
            assertEchoes(client, c, 3);
        } finally {
            flooding.set(false);
            flooder.shutdownNow();
        }
    }

    @Test
    void closingThePrimarySocketMakesTheNextOneTheDefaultSource() throws Exception {
        EchoEngine engine = new EchoEngine();
        EngineHandle<TestEvent> h = driver.register(engine, List.of(udp(), udp()), events, sink);
        TransportAddress first = h.localAddresses().get(0);
        TransportAddress second = h.localAddresses().get(1);
        h.execute(() -> engine.replyFrom = local -> null).join();
        assertTrue(h.close(first));
        assertEquals(second, h.localAddress());
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            client.setSoTimeout(2000);
            assertEchoes(client, second, 1); // a null source now leaves from the second socket
        }
        assertTrue(h.close(second));
        assertThrows(IllegalStateException.class, h::localAddress);
        assertEquals(0, h.socketCount());
        assertTrue(h.isOpen(), "an engine without sockets is still driven");
        assertEquals(42, h.call(() -> 42).join());
    }

    @Test
    void closingAnUnknownOrAlreadyClosedAddressReturnsFalse() throws Exception {
        EngineHandle<TestEvent> h = driver.register(new EchoEngine(), List.of(udp()), events, sink);
        EngineHandle<TestEvent> other = driver.register(new EchoEngine(), List.of(udp()), events, sink);
        TransportAddress mine = h.localAddress();

        assertFalse(h.close(TransportAddress.udp(new InetSocketAddress(LO, 9))), "never opened");
        assertFalse(h.close(mine.withTransport(Transport.TCP)), "same port, other transport");
        assertFalse(h.close(other.localAddress()), "another engine's socket is not ours to close");
        assertEquals(List.of(mine), h.localAddresses());
        assertTrue(h.close(mine));
        assertFalse(h.close(mine), "second close");
        assertThrows(NullPointerException.class, () -> h.close((TransportAddress) null));

        TransportAddress added = h.open(udp());
        h.close();
        assertFalse(h.close(added), "the engine is closed");
        driver.close();
        assertFalse(other.close(other.localAddress()), "the driver is closed");
    }

    @Test
    void aListenerClosesAloneAndItsAcceptedConnectionsStay() throws Exception {
        EchoEngine engine = new EchoEngine();
        EngineHandle<TestEvent> h = driver.register(engine,
                List.of(udp(), SocketSpec.tcp(new InetSocketAddress(LO, 0))), events, sink);
        TransportAddress listener = h.localAddresses().get(1);
        EngineHandle<TestEvent> client = driver.register(new EchoEngine(), List.of(), events, new EventSink());
        client.connect(listener.socketAddress()).join();
        Await.until("accepted", 2000, () -> driver.loop().connectionCount() == 2);

        assertTrue(h.close(listener));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(LO, listener.port()));
            assertEquals(listener.port(), again.getLocalPort(), "the listening port is free");
        }
        assertEquals(2, driver.loop().connectionCount(), "the accepted connection is not the listener's to close");
        assertEquals(1, h.socketCount());
    }

    @Test
    void closingOnTheDriverThreadReleasesThePortBeforeReturning() throws Exception {
        EngineHandle<TestEvent> h = driver.register(new EchoEngine(), List.of(udp(), udp()), events, sink);
        TransportAddress victim = h.localAddresses().get(1);
        // The command keeps the loop busy after closing, so no later select can finish NIO's deferred close for us.
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> result = new AtomicReference<>();
        CompletableFuture<Void> holder = h.execute(() -> {
            result.set(h.close(victim));
            closed.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(closed.await(2, TimeUnit.SECONDS));
            assertTrue(result.get());
            assertUdpPortFree(victim.port());
        } finally {
            release.countDown();
        }
        holder.join();
    }

    /** Closes the socket a datagram arrived on from inside handleDatagram, as a TURN server does on a Refresh(0). */
    static final class SelfClosingEngine extends EchoEngine {
        volatile EngineHandle<TestEvent> handle;
        volatile boolean closeResult;
        /** Whether the port could be bound by a command queued at the moment of the close. */
        final CompletableFuture<Boolean> freeForTheNextCommand = new CompletableFuture<>();

        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
            super.handleDatagram(local, remote, payload, now);
            if (payload.limit() == 1) {
                closeResult = handle.close(local);
                // Queued now, so it runs right after this I/O round with no other select in between.
                handle.driver().loop().post(() -> freeForTheNextCommand.complete(canBind(local)));
            }
        }
    }

    static boolean canBind(TransportAddress address) {
        try (DatagramSocket rebind = new DatagramSocket(address.socketAddress())) {
            return rebind.getLocalPort() == address.port();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void closingFromInsideTheEngineFreesThePortBeforeTheNextCommand() throws Exception {
        SelfClosingEngine engine = new SelfClosingEngine();
        EngineHandle<TestEvent> h = driver.register(engine, List.of(udp(), udp()), events, sink);
        engine.handle = h;
        TransportAddress keep = h.localAddresses().get(0);
        TransportAddress victim = h.localAddresses().get(1);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            client.setSoTimeout(2000);
            client.send(new DatagramPacket(new byte[] {1}, 1, victim.socketAddress()));
            // The echo is queued before the close, routed after it: its source is gone, so it is dropped, quietly.
            TestEvent.Received r = sink.next(TestEvent.Received.class);
            assertEquals(victim, r.local());
            // A command queued during the I/O round that closed the socket runs before any other select could
            // finish NIO's deferred close by chance: binding the port from inside it shows it is already free.
            assertTrue(engine.freeForTheNextCommand.get(2, TimeUnit.SECONDS),
                    "the port is free before the next command runs");
            assertTrue(engine.closeResult);
            assertEquals(List.of(keep), h.localAddresses());
            assertUdpPortFree(victim.port());
            client.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class,
                    () -> client.receive(new DatagramPacket(new byte[16], 16)), "the echo from the closed socket");
            client.setSoTimeout(2000);
            assertEchoes(client, keep, 2);
        }
    }

    @Test
    void aTransmitFromAClosedSourceIsDroppedAndTheNextOneStillLeaves() throws Exception {
        EchoEngine engine = new EchoEngine();
        EngineHandle<TestEvent> h = driver.register(engine, List.of(udp(), udp()), events, sink);
        TransportAddress open = h.localAddresses().get(0);
        TransportAddress gone = h.localAddresses().get(1);
        assertTrue(h.close(gone));
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            client.setSoTimeout(2000);
            InetSocketAddress to = (InetSocketAddress) client.getLocalSocketAddress();
            h.execute(() -> {
                engine.send(gone, to, new byte[] {1});
                engine.send(open, to, new byte[] {2});
                engine.send(gone, to, new byte[] {3});
                engine.send(open, to, new byte[] {4});
            }).join();
            DatagramPacket p = new DatagramPacket(new byte[16], 16);
            client.receive(p);
            assertEquals(2, p.getData()[0]);
            assertEquals(open.port(), p.getPort());
            client.receive(p);
            assertEquals(4, p.getData()[0]);
            // A dropped transmit is no engine failure and no driver failure: the loop and the socket carry on.
            assertTrue(driver.isOpen());
            assertEchoes(client, open, 5);
        }
    }
}
