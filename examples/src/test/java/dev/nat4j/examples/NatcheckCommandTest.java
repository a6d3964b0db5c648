package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.examples.cli.CliRunner;
import dev.nat4j.examples.cli.CommandRegistry;
import dev.nat4j.examples.cli.MiniJson;
import dev.nat4j.stun.server.StunServer;

/** {@code nat4j natcheck} in-process against our STUN server on loopback. */
class NatcheckCommandTest {
    private static final CommandRegistry REGISTRY = new CommandRegistry().add(new NatcheckCommand());

    private static StunServer rfc5780Server() throws Exception {
        return StunServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .alternate(new InetSocketAddress("127.0.0.2", 0))
                .tcp(false)
                .start();
    }

    @Test
    void jsonHasExactlyTheDocumentedKeysAndValues() throws Exception {
        try (StunServer server = rfc5780Server()) {
            String stun = SocketAddresses.format(server.rfc5780().primary());
            CliRunner.Result r = CliRunner.run(REGISTRY, "natcheck", "--stun", stun, "--json");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals("", r.err(), "no progress on stderr with --json");
            assertEquals(1, r.out().lines().count(), "one JSON object on one line: " + r.out());
            Map<String, Object> json = MiniJson.parseObject(r.out());
            assertEquals(Set.of("mappedAddress", "localAddress", "mapping", "filtering", "hairpinning",
                    "otherAddress", "natType", "bindingLifetimeMs", "durationMs", "reasons"), json.keySet());
            assertEquals(json.get("localAddress"), json.get("mappedAddress"));
            assertTrue(((String) json.get("mappedAddress")).startsWith("127.0.0.1:"), r.out());
            assertEquals("no-nat", json.get("mapping"));
            assertEquals("endpoint-independent", json.get("filtering"));
            assertEquals(null, json.get("hairpinning"));
            assertEquals(SocketAddresses.format(server.rfc5780().alternate()), json.get("otherAddress"));
            assertEquals("open-internet", json.get("natType"));
            assertTrue(((BigDecimal) json.get("durationMs")).intValue() >= 0);
            assertEquals(null, json.get("bindingLifetimeMs"));
            assertTrue(json.get("reasons") instanceof List<?>);
        }
    }

    @Test
    void humanOutputShowsProgressAndTheResult() throws Exception {
        try (StunServer server = rfc5780Server()) {
            String stun = SocketAddresses.format(server.rfc5780().primary());
            CliRunner.Result r = CliRunner.run(REGISTRY, "natcheck", "--stun", stun);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("UDP connectivity (test I): mapped address 127.0.0.1:"), r.err());
            assertTrue(r.err().contains("filtering test II"), r.err());
            assertTrue(r.out().contains("NAT type:          open internet (no NAT)"), r.out());
            assertTrue(r.out().contains("Mapping:           no-nat"), r.out());
            assertTrue(r.out().contains("Filtering:         endpoint-independent"), r.out());
        }
    }

    @Test
    void lifetimeSearchWithoutANatFindsTheBindingAliveUpToTheLimit() throws Exception {
        try (StunServer server = rfc5780Server()) {
            String stun = SocketAddresses.format(server.rfc5780().primary());
            CliRunner.Result r = CliRunner.run(REGISTRY, "natcheck", "--stun", stun, "--json", "--lifetime", "400ms");
            assertEquals(0, r.exitCode(), r.err());
            Map<String, Object> json = MiniJson.parseObject(r.out());
            // six halvings, each finding the binding alive: 400 ms * (1 - 1/64) = 393.75 ms
            assertEquals(393, ((BigDecimal) json.get("bindingLifetimeMs")).intValue(), r.out());
            assertTrue(((BigDecimal) json.get("durationMs")).intValue() >= 2000, r.out());
        }
    }

    @Test
    void udpBlockedIsAResultNotAnError() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            String stun = SocketAddresses.format((InetSocketAddress) silent.getLocalAddress());
            CliRunner.Result r = CliRunner.run(REGISTRY, "natcheck", "--stun", stun, "--json", "--timeout", "300ms");
            assertEquals(0, r.exitCode(), r.err());
            Map<String, Object> json = MiniJson.parseObject(r.out());
            assertEquals("udp-blocked", json.get("natType"));
            assertEquals(null, json.get("mappedAddress"));
            assertEquals("unknown", json.get("mapping"));
            assertEquals("unknown", json.get("filtering"));
        }
    }

    @Test
    void aCheckThatCannotRunExitsWithOne() {
        CliRunner.Result r = CliRunner.run(REGISTRY, "natcheck", "--stun", "127.0.0.1:3478", "--local", "192.0.2.123",
                "--json");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertEquals("", r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, CliRunner.run(REGISTRY, "natcheck").exitCode());
        assertEquals(2, CliRunner.run(REGISTRY, "natcheck", "--stun", "not an address:x").exitCode());
        assertEquals(2, CliRunner.run(REGISTRY, "natcheck", "--stun", "127.0.0.1:3478", "--timeout", "forever")
                .exitCode());
    }
}
