package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * The simulator's checks can fail: a router configured with the wrong behaviour is caught by the same
 * classification assertion that passes for the right one.
 */
@ExtendWith(SimSeedReporter.class)
class WrongProfileSimTest {

    private static void assertClassifiedAs(NatKind claimed, NatProfile... actual) {
        assertEquals(claimed, EchoClassifier.classifyLan(7, actual), "claimed " + claimed);
    }

    @Test
    void symmetricRouterIsNotAcceptedAsPortRestricted() {
        assertClassifiedAs(NatKind.SYMMETRIC, NatKind.SYMMETRIC.profile());
        assertThrows(AssertionFailedError.class,
                () -> assertClassifiedAs(NatKind.PORT_RESTRICTED_CONE, NatKind.SYMMETRIC.profile()));
    }

    @Test
    void fullConeWithAddressFilteringIsCaught() {
        NatProfile wrong = NatKind.FULL_CONE.profile().withFiltering(FilteringBehavior.ADDRESS_DEPENDENT);
        assertThrows(AssertionFailedError.class, () -> assertClassifiedAs(NatKind.FULL_CONE, wrong));
    }

    @Test
    void everyMislabelledKindFails() {
        for (NatKind actual : NatKind.values()) {
            for (NatKind claimed : NatKind.values()) {
                NatProfile[] routers = actual.routers().toArray(NatProfile[]::new);
                boolean lookAlike = actual == claimed
                        || actual == NatKind.DOUBLE_NAT && claimed == NatKind.PORT_RESTRICTED_CONE;
                if (lookAlike) {
                    continue;
                }
                assertThrows(AssertionFailedError.class, () -> assertClassifiedAs(claimed, routers),
                        actual + " passed as " + claimed);
            }
        }
    }

    @Test
    void addressDependentMappingIsSeen() {
        NatProfile adm = NatProfile.of(MappingBehavior.ADDRESS_DEPENDENT, FilteringBehavior.ADDRESS_DEPENDENT);
        EchoWorld w = new EchoWorld(8);
        SimEndpoint<EchoEngine.Received> client = w.client(w.net.addLan("lan", adm), "client", 40000, 40001);
        EchoClassifier.Behaviour b = EchoClassifier.classify(w, client);
        assertEquals(MappingBehavior.ADDRESS_DEPENDENT, b.mapping(), w.net.describe());
        assertEquals(FilteringBehavior.ADDRESS_DEPENDENT, b.filtering(), w.net.describe());
    }
}
