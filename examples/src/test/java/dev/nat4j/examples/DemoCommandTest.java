package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.nat4j.examples.cli.CliRunner;
import dev.nat4j.examples.cli.CommandRegistry;

/** {@code nat4j demo}: a real server and a real natcheck on loopback. */
class DemoCommandTest {

    @Test
    void demoFindsOpenInternetOnLoopbackAndExitsZero() {
        CliRunner.Result r = CliRunner.run(new CommandRegistry().add(new DemoCommand()), "demo");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("STUN server (RFC 5780) listening on 127.0.0.1:"), r.out());
        assertTrue(r.out().contains("alternate address 127.0.0.2:"), r.out());
        assertTrue(r.out().contains("UDP connectivity (test I)"), r.out());
        assertTrue(r.out().contains("NAT type:          open internet (no NAT)"), r.out());
    }
}
