package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.testing.TestTls;

class NioDriverTlsTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static TestTls tls;

    @TempDir
    static Path keys;

    private NioDriver driver;
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final EventSink sink = new EventSink();
    private EngineHandle<TestEvent> server;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.create(keys);
    }

    @BeforeEach
    void start() throws Exception {
        driver = NioDriver.start(DriverConfig.defaults().withFrameTimeout(Duration.ofSeconds(3)));
        server = driver.register(new EchoEngine(),
                List.of(SocketSpec.tls(new InetSocketAddress(LO, 0), tls.serverContext())), events, sink);
    }

    @AfterEach
    void stop() {
        driver.close();
        events.shutdownNow();
    }

    @Test
    void aJdkTlsClientTalksToTheDriversTlsListener() throws Exception {
        TransportAddress listener = server.localAddress();
        assertEquals(Transport.TLS, listener.transport());
        try (Socket raw = new Socket()) {
            raw.connect(listener.socketAddress(), 2000);
            raw.setSoTimeout(2000);
            SSLSocket s = (SSLSocket) tls.clientContext().getSocketFactory()
                    .createSocket(raw, "localhost", listener.port(), true);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();

            byte[] a = Frames.stun(32, 1);
            byte[] b = Frames.channelData(0x4003, 7, 2);
            // Split across TLS records at awkward points...
            out.write(a, 0, 3);
            out.flush();
            out.write(a, 3, a.length - 3);
            out.flush();
            assertArrayEquals(a, Frames.read(in, a.length));
            // ...and several frames in one record.
            out.write(Frames.concat(Frames.padded(b), a, Frames.stun(0, 3)));
            out.flush();
            assertArrayEquals(Frames.padded(b), Frames.read(in, 12));
            assertArrayEquals(a, Frames.read(in, a.length));
            assertArrayEquals(Frames.stun(0, 3), Frames.read(in, 20));

            TestEvent.Received r = sink.next(TestEvent.Received.class);
            assertEquals(Transport.TLS, r.local().transport());
            assertEquals(listener.port(), r.local().port());
            assertArrayEquals(a, r.bytes());
        }
    }

    @Test
    void theDriverConnectsOutOverTlsWithHostNameChecks() throws Exception {
        EchoEngine clientEngine = new EchoEngine();
        clientEngine.echo = false;
        EventSink clientSink = new EventSink();
        EngineHandle<TestEvent> client = driver.register(clientEngine, List.of(), events, clientSink);
        InetSocketAddress remote = server.localAddress().socketAddress();

        TransportAddress local = client.connectTls(remote, tls.clientContext(), "localhost").join();
        assertEquals(Transport.TLS, local.transport());
        assertNotNull(clientSink.next(TestEvent.Opened.class));

        byte[] big = Frames.stun(40_000, 4); // spans several TLS records
        byte[] small = Frames.channelData(0x4000, 1, 5);
        client.execute(() -> {
            clientEngine.send(local, remote, big);
            clientEngine.send(local, remote, small);
        }).join();
        assertArrayEquals(big, clientSink.next(TestEvent.Received.class).bytes());
        assertArrayEquals(small, clientSink.next(TestEvent.Received.class).bytes());
        TestEvent.Received atServer = sink.next(TestEvent.Received.class);
        assertEquals(local.socketAddress(), atServer.remote());
        assertEquals(Transport.TLS, atServer.local().transport());
    }

    @Test
    void aWrongHostNameFailsTheConnection() throws Exception {
        EngineHandle<TestEvent> client = driver.register(new EchoEngine(), List.of(), events, new EventSink());
        CompletionException e = assertThrows(CompletionException.class, () -> client
                .connectTls(server.localAddress().socketAddress(), tls.clientContext(), "stun.example.org").join());
        assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
        Await.until("failed TLS connections forgotten", 2000, () -> driver.loop().connectionCount() == 0);
    }

    @Test
    void anUntrustedServerFailsTheConnection() throws Exception {
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(empty);
        trustsNothing.init(null, tmf.getTrustManagers(), null);
        EngineHandle<TestEvent> client = driver.register(new EchoEngine(), List.of(), events, new EventSink());
        assertThrows(CompletionException.class,
                () -> client.connectTls(server.localAddress().socketAddress(), trustsNothing, null).join());
    }

    @Test
    void plainTcpBytesOnATlsPortCloseTheConnection() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.localAddress().socketAddress(), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(Frames.stun(0, 1)); // not a TLS record
            s.getOutputStream().flush();
            int read;
            do {
                read = s.getInputStream().read(); // a TLS alert may come first, then the close
            } while (read >= 0);
            assertEquals(-1, read);
        } catch (java.net.SocketException reset) {
            // a reset is also a close
        }
        Await.until("connection forgotten", 2000, () -> driver.loop().connectionCount() == 0);
    }
}
