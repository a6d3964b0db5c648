package dev.nat4j.stun.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.testing.CoturnProcess;
import dev.nat4j.core.testing.Prerequisites;
import dev.nat4j.core.testing.TestTls;
import dev.nat4j.stun.attribute.Software;

/** Interop: our client against coturn's STUN server (Debian coturn 4.6.1) on loopback, UDP, TCP and TLS. */
class StunClientCoturnIT {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    static Path dir;

    private static CoturnProcess coturn;
    private static StunClient client;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.requireProgram("turnserver");
        TestTls tls = TestTls.create(dir);
        coturn = CoturnProcess.builder().stunOnly().ipv6IfAvailable().tls(tls).start(dir);
        client = StunClient.builder().sslContext(tls.clientContext()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    private static int clientUdpPort(boolean ipv6) {
        for (TransportAddress a : client.localAddresses()) {
            if (a.isIpv6() == ipv6) {
                return a.port();
            }
        }
        throw new IllegalStateException("no UDP socket for ipv6=" + ipv6);
    }

    private static BindingResult await(CompletableFuture<BindingResult> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void udpOverIpv4() throws Exception {
        BindingResult r = await(client.binding(StunUri.parse("stun:127.0.0.1:" + coturn.address().getPort())));
        assertEquals(new InetSocketAddress(Loopback.v4(), clientUdpPort(false)), r.mappedAddress(), coturn.logTail());
        assertTrue(r.xorMapped(), "coturn sends XOR-MAPPED-ADDRESS");
        assertEquals(coturn.address(), r.responseSource());
        Software software = r.response().get(Software.TYPE);
        assertTrue(software == null || software.value().toLowerCase(java.util.Locale.ROOT).contains("coturn"), String.valueOf(software));
    }

    @Test
    void udpOverIpv6() throws Exception {
        Assumptions.assumeTrue(coturn.ipv6Address() != null, "no IPv6 loopback on this host");
        BindingResult r = await(client.binding(coturn.ipv6Address()));
        assertEquals(new InetSocketAddress(Loopback.v6(), clientUdpPort(true)), r.mappedAddress());
    }

    @Test
    void tcpOverIpv4() throws Exception {
        BindingResult r = await(client.binding(StunUri.parse("stun:127.0.0.1:" + coturn.address().getPort()),
                Transport.TCP));
        assertEquals(Transport.TCP, r.local().transport());
        assertEquals(new InetSocketAddress(Loopback.v4(), r.local().port()), r.mappedAddress());
    }

    @Test
    void tlsOverIpv4() throws Exception {
        BindingResult r = await(client.binding(StunUri.parse("stuns:127.0.0.1:" + coturn.tlsAddress().getPort())));
        assertEquals(Transport.TLS, r.local().transport());
        assertEquals(new InetSocketAddress(Loopback.v4(), r.local().port()), r.mappedAddress());
    }

    @Test
    void manyRequestsInParallelOverUdpAndTcp() throws Exception {
        List<CompletableFuture<BindingResult>> udp = new ArrayList<>();
        List<CompletableFuture<BindingResult>> tcp = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            udp.add(client.binding(coturn.address()));
            tcp.add(client.binding(coturn.address(), Transport.TCP));
        }
        for (CompletableFuture<BindingResult> f : udp) {
            assertEquals(clientUdpPort(false), await(f).mappedAddress().getPort());
        }
        for (CompletableFuture<BindingResult> f : tcp) {
            BindingResult r = await(f);
            assertEquals(r.local().port(), r.mappedAddress().getPort());
        }
    }
}
