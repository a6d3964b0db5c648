package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transport;
import dev.nat4j.stun.client.BindingResult;
import dev.nat4j.stun.client.StunClient;
import dev.nat4j.stun.client.StunUri;
import dev.nat4j.stun.discovery.NatCheck;
import dev.nat4j.stun.discovery.NatReport;
import dev.nat4j.stun.discovery.NatType;
import dev.nat4j.stun.server.StunServer;

/** The README's quick start, run for real against a loopback server, so the README cannot drift from the API. */
class ReadmeQuickStartTest {

    @Test
    void theQuickStartSnippetsWork() throws Exception {
        try (StunServer server = StunServer.builder()
                .listen(SocketAddresses.parse("127.0.0.1:0"))
                .alternate(SocketAddresses.parse("127.0.0.2:0"))
                .start()) {
            InetSocketAddress where = server.localAddress(Transport.UDP).socketAddress();
            String uri = "stun:" + SocketAddresses.format(where);

            // --- README: "Your public address" ---
            try (StunClient client = StunClient.builder().build()) {
                BindingResult r = client.binding(StunUri.parse(uri)).get();
                System.out.println("public address " + r.mappedAddress() + ", rtt " + r.rtt());
                assertEquals(where.getAddress(), r.responseSource().getAddress());
            }

            // --- README: "What NAT am I behind?" ---
            NatReport report = NatCheck.builder(where).build().run().get();
            System.out.println(report.mappedAddress() + ": " + report.natType().displayName());
            assertEquals(NatType.OPEN_INTERNET, report.natType());
        }
    }

    @Test
    void theReadmeShowsTheseSnippets() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("client.binding(StunUri.parse(\"stun:stun.example.org\")).get()"));
        assertTrue(readme.contains("NatCheck.builder(new InetSocketAddress(\"stun.example.org\", 3478))"));
        assertTrue(readme.contains("StunServer.builder()"));
    }
}
