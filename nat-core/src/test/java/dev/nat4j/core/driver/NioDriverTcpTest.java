package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

class NioDriverTcpTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private NioDriver driver;
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final EventSink sink = new EventSink();

    private EngineHandle<TestEvent> startServer(DriverConfig config, EchoEngine engine, InetAddress ip)
            throws IOException {
        driver = NioDriver.start(config);
        return driver.register(engine, List.of(SocketSpec.tcp(new InetSocketAddress(ip, 0))), events, sink);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        events.shutdownNow();
    }

    private static Socket connect(TransportAddress server) throws IOException {
        Socket s = new Socket();
        s.connect(server.socketAddress(), 2000);
        s.setSoTimeout(2000);
        s.setTcpNoDelay(true);
        return s;
    }

    @Test
    void framesSplitAcrossWritesAndPackedInOneWriteComeBackWhole() throws Exception {
        EngineHandle<TestEvent> h = startServer(DriverConfig.defaults(), new EchoEngine(), LO);
        assertEquals(Transport.TCP, h.localAddress().transport());
        byte[] a = Frames.stun(12, 1);
        byte[] b = Frames.channelData(0x4002, 5, 2);      // 9 bytes, 3 of padding on the stream
        byte[] c = Frames.stun(0, 3);
        try (Socket s = connect(h.localAddress())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            TestEvent.Opened opened = sink.next(TestEvent.Opened.class);
            assertEquals(s.getLocalSocketAddress(), opened.remote());

            // One frame dribbled a byte at a time.
            for (byte x : a) {
                out.write(x);
                out.flush();
            }
            assertArrayEquals(a, Frames.read(in, a.length));

            // Three frames in one write, the ChannelData padded as RFC 8656 §12.5 requires.
            out.write(Frames.concat(a, Frames.padded(b), c));
            out.flush();
            assertArrayEquals(a, Frames.read(in, a.length));
            assertArrayEquals(Frames.padded(b), Frames.read(in, 12), "the driver pads ChannelData it sends");
            assertArrayEquals(c, Frames.read(in, c.length));

            // A frame cut in two writes, the second carrying the start of another.
            byte[] stream = Frames.concat(c, a);
            out.write(stream, 0, 7);
            out.flush();
            out.write(stream, 7, stream.length - 7);
            out.flush();
            assertArrayEquals(c, Frames.read(in, c.length));
            assertArrayEquals(a, Frames.read(in, a.length));

            TestEvent.Received r = sink.next(TestEvent.Received.class);
            assertEquals(h.localAddress().port(), r.local().port());
            assertEquals(Transport.TCP, r.local().transport());
            assertArrayEquals(a, r.bytes());
            r = sink.next(TestEvent.Received.class);
            assertArrayEquals(a, r.bytes());
            assertArrayEquals(b, sink.next(TestEvent.Received.class).bytes(), "engines get ChannelData unpadded");
        }
        assertNotNull(sink.next(TestEvent.Closed.class));
    }

    @Test
    void garbageClosesTheConnectionAndTellsTheEngine() throws Exception {
        EngineHandle<TestEvent> h = startServer(DriverConfig.defaults(), new EchoEngine(), LO);
        try (Socket s = connect(h.localAddress())) {
            sink.next(TestEvent.Opened.class);
            s.getOutputStream().write(new byte[] {(byte) 0x80, 0x60, 0x00, 0x01, 1, 2, 3, 4}); // RTP, not STUN
            s.getOutputStream().flush();
            assertEquals(-1, s.getInputStream().read(), "the driver closes a stream it cannot frame");
            TestEvent.Closed closed = sink.next(TestEvent.Closed.class);
            assertEquals(s.getLocalSocketAddress(), closed.remote());
        }
        assertNull(sink.poll(TestEvent.Received.class, 50));
    }

    @Test
    void aFrameThatNeverFinishesIsCutOffAfterTheFrameTimeout() throws Exception {
        DriverConfig config = DriverConfig.defaults().withFrameTimeout(Duration.ofMillis(150));
        EngineHandle<TestEvent> h = startServer(config, new EchoEngine(), LO);
        try (Socket s = connect(h.localAddress())) {
            s.setSoTimeout(3000);
            byte[] frame = Frames.stun(40, 9);
            s.getOutputStream().write(frame, 0, 30); // slowloris: 30 of 60 bytes, then silence
            s.getOutputStream().flush();
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 100 && elapsedMs < 2500, "closed after " + elapsedMs + " ms");
        }
    }

    @Test
    void idleConnectionsAreClosedAndBusyOnesKept() throws Exception {
        DriverConfig config = DriverConfig.defaults().withIdleTimeout(Duration.ofMillis(300))
                .withFrameTimeout(Duration.ofSeconds(5));
        EngineHandle<TestEvent> h = startServer(config, new EchoEngine(), LO);
        try (Socket busy = connect(h.localAddress()); Socket idle = connect(h.localAddress())) {
            idle.getOutputStream().write(Frames.stun(0, 1)); // one frame, then nothing
            Frames.read(idle.getInputStream(), 20);
            idle.setSoTimeout(3000);
            long start = System.nanoTime();
            while (System.nanoTime() - start < 600_000_000L) { // keep one side talking for 600 ms
                busy.getOutputStream().write(Frames.stun(4, 2));
                Frames.read(busy.getInputStream(), 24);
            }
            assertEquals(-1, idle.getInputStream().read(), "idle connection closed");
            busy.getOutputStream().write(Frames.stun(0, 3));
            assertArrayEquals(Frames.stun(0, 3), Frames.read(busy.getInputStream(), 20), "busy one still open");
        }
    }

    @Test
    void anAcceptedConnectionThatNeverSendsIsReaped() throws Exception {
        DriverConfig config = DriverConfig.defaults().withFrameTimeout(Duration.ofMillis(150));
        EngineHandle<TestEvent> h = startServer(config, new EchoEngine(), LO);
        try (Socket s = connect(h.localAddress())) {
            s.setSoTimeout(3000);
            assertEquals(-1, s.getInputStream().read());
        }
        Await.until("connection forgotten", 2000, () -> driver.loop().connectionCount() == 0);
    }

    @Test
    void connectionsBeyondTheCapAreRefused() throws Exception {
        DriverConfig config = DriverConfig.defaults().withMaxConnections(2);
        EngineHandle<TestEvent> h = startServer(config, new EchoEngine(), LO);
        try (Socket a = connect(h.localAddress()); Socket b = connect(h.localAddress());
             Socket c = connect(h.localAddress())) {
            c.setSoTimeout(3000);
            assertEquals(-1, c.getInputStream().read(), "third connection closed at once");
            a.getOutputStream().write(Frames.stun(0, 1));
            assertArrayEquals(Frames.stun(0, 1), Frames.read(a.getInputStream(), 20));
            b.getOutputStream().write(Frames.stun(0, 2));
            assertArrayEquals(Frames.stun(0, 2), Frames.read(b.getInputStream(), 20));
        }
    }

    @Test
    void outgoingConnectionsCarryFramesBothWays() throws Exception {
        driver = NioDriver.start();
        EventSink serverSink = new EventSink();
        EngineHandle<TestEvent> server = driver.register(new EchoEngine(),
                List.of(SocketSpec.tcp(new InetSocketAddress(LO, 0))), events, serverSink);
        EchoEngine clientEngine = new EchoEngine();
        clientEngine.echo = false;
        EngineHandle<TestEvent> client = driver.register(clientEngine, List.of(), events, sink);

        InetSocketAddress remote = server.localAddress().socketAddress();
        TransportAddress local = client.connect(remote).join();
        assertEquals(Transport.TCP, local.transport());
        assertEquals(remote, sink.next(TestEvent.Opened.class).remote());

        byte[] request = Frames.stun(16, 5);
        client.execute(() -> clientEngine.send(local, remote, request)).join();
        TestEvent.Received echoed = sink.next(TestEvent.Received.class);
        assertArrayEquals(request, echoed.bytes());
        assertEquals(local, echoed.local());
        assertEquals(remote, echoed.remote());
        TestEvent.Received atServer = serverSink.next(TestEvent.Received.class);
        assertEquals(local.socketAddress(), atServer.remote());

        // A null source finds the connection by destination when the engine has no UDP socket.
        byte[] second = Frames.channelData(0x4000, 3, 1);
        client.execute(() -> clientEngine.send(null, remote, second)).join();
        assertArrayEquals(second, sink.next(TestEvent.Received.class).bytes());

        // A payload that is not exactly one frame is not written (it would desynchronise the peer).
        client.execute(() -> {
            clientEngine.send(local, remote, new byte[] {0, 1, 0, 8, 1});
            clientEngine.send(local, remote, Frames.stun(0, 6));
        }).join();
        assertArrayEquals(Frames.stun(0, 6), sink.next(TestEvent.Received.class).bytes());

        assertTrue(client.disconnect(local, remote).join());
        assertEquals(local, sink.next(TestEvent.Closed.class).local());
        assertNotNull(serverSink.next(TestEvent.Closed.class));
        assertEquals(false, client.disconnect(local, remote).join());
    }

    @Test
    void connectingToAClosedPortFails() throws Exception {
        driver = NioDriver.start();
        EngineHandle<TestEvent> client = driver.register(new EchoEngine(), List.of(), events, sink);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LO)) {
            port = probe.getLocalPort();
        }
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.connect(new InetSocketAddress(LO, port)).join());
        assertTrue(e.getCause() instanceof IOException, e.toString());
        Await.until("failed connection forgotten", 2000, () -> driver.loop().connectionCount() == 0);
    }

    @Test
    void worksOverIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
            probe.getLocalPort();
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback on this host: " + e);
        }
        EngineHandle<TestEvent> h = startServer(DriverConfig.defaults(), new EchoEngine(), v6);
        assertTrue(h.localAddress().isIpv6());
        try (Socket s = connect(h.localAddress())) {
            s.getOutputStream().write(Frames.stun(8, 1));
            assertArrayEquals(Frames.stun(8, 1), Frames.read(s.getInputStream(), 28));
        }
    }

    @Test
    void aPeerThatDoesNotReadLosesWholeFramesNeverHalfFrames() throws Exception {
        DriverConfig config = DriverConfig.defaults().withWriteBufferBytes(DriverConfig.MAX_FRAME_BYTES + 3);
        EchoEngine engine = new EchoEngine();
        engine.echo = false;
        EngineHandle<TestEvent> h = startServer(config, engine, LO);
        try (Socket s = connect(h.localAddress())) {
            s.setReceiveBufferSize(64 * 1024);
            s.getOutputStream().write(Frames.stun(0, 0));
            TestEvent.Received hello = sink.next(TestEvent.Received.class);
            int frames = 400;
            byte[][] sent = new byte[frames][];
            for (int i = 0; i < frames; i++) {
                sent[i] = Frames.stun(60_000, i);
            }
            // 24 MB towards a peer that is not reading: far more than socket buffers plus the write cap.
            h.execute(() -> {
                for (byte[] f : sent) {
                    engine.send(hello.local(), hello.remote(), f);
                }
            }).join();
            // Now read what made it: a clean sequence of whole frames, each one of those sent, in order.
            s.setSoTimeout(500);
            InputStream in = s.getInputStream();
            int received = 0;
            int lastIndex = -1;
            while (true) {
                byte[] header;
                try {
                    header = Frames.read(in, 20);
                } catch (java.net.SocketTimeoutException quiet) {
                    break;
                }
                int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                assertEquals(60_000, length, "frame boundary lost after " + received + " frames");
                byte[] body = Frames.read(in, length);
                byte[] whole = Frames.concat(header, body);
                int index = -1;
                for (int i = lastIndex + 1; i < frames && index < 0; i++) {
                    if (java.util.Arrays.equals(sent[i], whole)) {
                        index = i;
                    }
                }
                assertTrue(index > lastIndex, "frame " + received + " is not one of those sent, in order");
                lastIndex = index;
                received++;
            }
            assertTrue(received > 0 && received < frames, received + " of " + frames + " frames arrived");
            // The connection survived the pressure.
            s.setSoTimeout(2000);
            h.execute(() -> engine.send(hello.local(), hello.remote(), Frames.stun(4, 99))).join();
            assertArrayEquals(Frames.stun(4, 99), Frames.read(in, 24));
        }
    }

    @Test
    void largeFramesInBothDirections() throws Exception {
        EngineHandle<TestEvent> h = startServer(DriverConfig.defaults(), new EchoEngine(), LO);
        byte[] big = Frames.stun(0xFFFF - 3, 7);
        byte[] bigChannel = Frames.channelData(0x4FFF, 0xFFFF, 8);
        try (Socket s = connect(h.localAddress())) {
            s.getOutputStream().write(Frames.concat(big, Frames.padded(bigChannel)));
            assertArrayEquals(big, Frames.read(s.getInputStream(), big.length));
            assertArrayEquals(Frames.padded(bigChannel), Frames.read(s.getInputStream(), 4 + 0x10000));
        }
    }
}
