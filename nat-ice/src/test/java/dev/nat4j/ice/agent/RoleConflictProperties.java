package dev.nat4j.ice.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.sim.NatKind;
import dev.nat4j.ice.IceRole;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.ErrorCode;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Role conflicts (RFC 8445 §7.3.1.1, §7.2.5.1) over arbitrary 64-bit tie-breakers compared as unsigned, with the
 * edge values 0, 2^63 and 2^64-1 and equal values weighted in.
 */
class RoleConflictProperties {

    @Provide
    Arbitrary<Long> tieBreakers() {
        return Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, -2L));
    }

    @Provide
    Arbitrary<NatKind> connectable() {
        return Arbitraries.of(NatKind.OPEN, NatKind.FULL_CONE, NatKind.RESTRICTED_CONE, NatKind.PORT_RESTRICTED_CONE,
                NatKind.SYMMETRIC, NatKind.DOUBLE_NAT);
    }

    /** One request in: the answer and the role after it follow the unsigned comparison exactly. */
    @Property(tries = 300)
    void aConflictingRequestIsResolvedByUnsignedComparison(@ForAll("tieBreakers") long ours,
            @ForAll("tieBreakers") long theirs, @ForAll boolean bothControlling) {
        IceRole role = bothControlling ? IceRole.CONTROLLING : IceRole.CONTROLLED;
        IceAgent agent = new IceAgent(IceAgentConfig.defaults().withRole(role).withTieBreaker(ours)
                .withLocalCredentials(Wire.LOCAL));
        agent.addHostCandidate(IncomingCheckTest.HOST, IncomingCheckTest.T0);
        Wire.Request r = Wire.request();
        r.controlling = bothControlling ? theirs : null;
        r.controlled = bothControlling ? null : theirs;
        agent.handleDatagram(IncomingCheckTest.HOST, IncomingCheckTest.PEER, r.build(), IncomingCheckTest.T0);
        List<Transmit> out = Wire.drain(agent);
        StunMessage answer = Wire.parse(out.get(0));
        boolean oursWins = Long.compareUnsigned(ours, theirs) >= 0;
        if (bothControlling) {
            // a controlling agent with the larger-or-equal tie-breaker keeps its role and answers 487
            assertEquals(oursWins, answer.isErrorResponse());
            assertEquals(oursWins ? IceRole.CONTROLLING : IceRole.CONTROLLED, agent.role());
        } else {
            // a controlled agent with the larger-or-equal tie-breaker becomes controlling; otherwise 487
            assertEquals(!oursWins, answer.isErrorResponse());
            assertEquals(oursWins ? IceRole.CONTROLLING : IceRole.CONTROLLED, agent.role());
        }
        if (answer.isErrorResponse()) {
            assertEquals(ErrorCode.ROLE_CONFLICT, answer.get(ErrorCode.TYPE).code());
        }
    }

    /**
     * Two whole agents configured with the same role meet in the simulator: afterwards exactly one is controlling,
     * both complete, and they agree on the pair.
     */
    @Property(tries = 500, maxDiscardRatio = 10)
    void twoAgentsWithTheSameRoleEndWithExactlyOneControlling(@ForAll("tieBreakers") long tieA,
            @ForAll("tieBreakers") long tieB, @ForAll boolean equal, @ForAll boolean bothControlling,
            @ForAll("connectable") NatKind kindA, @ForAll("connectable") NatKind kindB,
            @ForAll @IntRange(min = 0, max = 60) int latencyMs, @ForAll @IntRange(min = 0, max = 300) int signalMs,
            @ForAll long seed) {
        Assume.that(IceNatMatrixSimTest.directPathExists(kindA, kindB));
        IceRole role = bothControlling ? IceRole.CONTROLLING : IceRole.CONTROLLED;
        long b = equal ? tieA : tieB;
        IceWorld w = new IceWorld(seed, kindA, kindB, 0, Duration.ofMillis(latencyMs), Duration.ofMillis(signalMs),
                IceAgentConfig.defaults().withRole(role).withTieBreaker(tieA),
                IceAgentConfig.defaults().withRole(role).withTieBreaker(b)).start();
        assertTrue(w.runUntilDone(Duration.ofMinutes(2)), w.describe());
        assertEquals(IceAgentState.COMPLETED, w.a.agent.state(), w.describe());
        assertEquals(IceAgentState.COMPLETED, w.b.agent.state(), w.describe());
        assertTrue(w.a.agent.role() != w.b.agent.role(), "exactly one controlling: " + w.describe());
        assertTrue(w.agree(), w.describe());
    }
}
