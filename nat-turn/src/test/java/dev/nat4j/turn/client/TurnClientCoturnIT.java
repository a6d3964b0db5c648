package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nat4j.core.testing.CoturnProcess;
import dev.nat4j.core.testing.Prerequisites;
import dev.nat4j.core.testing.TestTls;

/** The TURN client against coturn on loopback: allocate, permissions, channels and echo round trips, per transport. */
class TurnClientCoturnIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";
    private static final String REALM = "nat4j.test";

    @TempDir
    static Path dir;
    private static CoturnProcess coturn;
    private static TestTls tls;

    @BeforeAll
    static void startCoturn() throws Exception {
        Prerequisites.requireProgram("turnserver");
        tls = TestTls.create(dir);
        coturn = CoturnProcess.builder().user(USER, PASSWORD).realm(REALM)
                .relayIp("127.0.0.1").relayPorts(200).allowLoopbackPeers()
                .tls(tls).extraFlags("--no-multicast-peers", "--verbose").start(dir);
    }

    @AfterAll
    static void stopCoturn() throws InterruptedException {
        if (coturn != null) {
            coturn.close();
        }
    }

    private static TurnClient.Builder client(String uri) {
        return TurnClient.builder().server(uri).credentials(USER, PASSWORD);
    }

    @Test
    void udpRoundTrips() throws Exception {
        RelayRoundTrips.run(client("turn:127.0.0.1:" + coturn.address().getPort()));
    }

    @Test
    void tcpRoundTrips() throws Exception {
        RelayRoundTrips.run(client("turn:127.0.0.1:" + coturn.address().getPort() + "?transport=tcp"));
    }

    @Test
    void tlsRoundTrips() throws Exception {
        RelayRoundTrips.run(client("turns:127.0.0.1:" + coturn.tlsAddress().getPort())
                .sslContext(tls.clientContext()));
    }

    @Test
    void wrongPasswordEndsInABoundedAuthenticationError() {
        try (TurnClient turn = TurnClient.builder().server("turn:127.0.0.1:" + coturn.address().getPort())
                .credentials(USER, "not-the-password").build()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> turn.allocate().get(15, TimeUnit.SECONDS));
            TurnException t = assertInstanceOf(TurnException.class, e.getCause());
            assertEquals(TurnError.Reason.AUTHENTICATION, t.error().reason());
            assertEquals(401, t.error().code());
        }
    }
}
