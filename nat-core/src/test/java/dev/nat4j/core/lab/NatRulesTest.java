package dev.nat4j.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rule text and names the lab generates, checked without root (the ITs check what the kernel does with them). */
class NatRulesTest {
    private static String rules(NatMode mode, boolean hairpin) {
        return NatRules.router(mode, "198.51.100.10", "10.1.0.10", "10.1.0.0/24", hairpin);
    }

    @ParameterizedTest
    @EnumSource(NatMode.class)
    void everyRouterDropsUnsolicitedUdpToItself(NatMode mode) {
        assertTrue(rules(mode, false).contains("-A INPUT -i wan -p udp -m conntrack --ctstate NEW -j DROP"));
        assertTrue(rules(mode, false).endsWith("COMMIT\n"));
    }

    @Test
    void eachModeUsesItsMechanism() {
        assertFalse(rules(NatMode.OPEN, false).contains("MASQUERADE"));
        assertTrue(rules(NatMode.PORT_RESTRICTED_CONE, false).contains("-j MASQUERADE\n"));
        assertTrue(rules(NatMode.SYMMETRIC, false).contains("MASQUERADE --random-fully"));
        assertTrue(rules(NatMode.FULL_CONE, false).contains("-j DNAT --to-destination 10.1.0.10"));
        assertFalse(rules(NatMode.FULL_CONE, false).contains("recent"));
        assertTrue(rules(NatMode.RESTRICTED_CONE, false).contains("--rcheck --rsource"));
        assertTrue(rules(NatMode.UDP_BLOCKED, false).contains("-p udp --dport 53 -j ACCEPT"));
        assertTrue(rules(NatMode.UDP_BLOCKED, false).contains("-p udp -j DROP"));
    }

    @ParameterizedTest
    @EnumSource(NatMode.class)
    void hairpinRulesOnlyWhereTheModeSupportsThem(NatMode mode) {
        boolean hairpinned = rules(mode, true).contains("-A PREROUTING -i lan");
        assertEquals(mode.supportsHairpinning(), hairpinned);
        assertFalse(rules(mode, false).contains("-A PREROUTING -i lan"));
    }

    @Test
    void impairmentBecomesNetemArguments() {
        Impairment impairment = Impairment.delay(Duration.ofMillis(40)).withJitter(Duration.ofMillis(5))
                .withLoss(2.5).withReorder(10);
        assertEquals(List.of("delay", "40000us", "5000us", "loss", "2.5%", "reorder", "10.0%"),
                impairment.netemArguments());
        assertTrue(Impairment.none().isNone());
        assertThrows(IllegalArgumentException.class, () -> Impairment.loss(100).withReorder(5));
        assertThrows(IllegalArgumentException.class, () -> Impairment.loss(101));
    }
}
