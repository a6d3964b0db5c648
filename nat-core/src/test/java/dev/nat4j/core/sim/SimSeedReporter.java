package dev.nat4j.core.sim;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension that prints, when a test fails, the seed (and the tail of the trace, when tracing) of every
 * {@link SimNetwork} the test created, so the failing run can be replayed with {@code -Dnat4j.sim.seed=...} (see
 * {@link SimNetwork#seedFromProperty}) or by pasting the seed into the test.
 *
 * <pre>{@code
 * @ExtendWith(SimSeedReporter.class)
 * class MySimTest { ... }
 * }</pre>
 */
public final class SimSeedReporter implements TestInstancePreConstructCallback, TestWatcher {

    /** Forgets older networks before the test instance exists, so networks built in field initializers count. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        SimNetwork.forgetRecent();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder out = new StringBuilder("[sim] ").append(context.getDisplayName()).append(" failed;");
        if (SimNetwork.recent().isEmpty()) {
            out.append(" it created no SimNetwork on the test thread");
        }
        for (SimNetwork network : SimNetwork.recent()) {
            out.append("\n[sim]   ").append(network.describe()).append(network.traceTail(40));
        }
        System.err.println(out);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        SimNetwork.forgetRecent();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        SimNetwork.forgetRecent();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        SimNetwork.forgetRecent();
    }
}
