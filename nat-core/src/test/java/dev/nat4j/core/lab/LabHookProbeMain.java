package dev.nat4j.core.lab;

/**
 * Builds a lab and leaves without closing it, so a test can check what happens to the namespaces when a JVM ends
 * abruptly: {@code exit} returns normally (the shutdown hook must clean up), {@code hang} waits to be killed with
 * SIGKILL (no hook runs; the next lab's sweep must clean up). Prints {@code BUILT} once the lab stands.
 */
public final class LabHookProbeMain {
    private LabHookProbeMain() {}

    /** {@code exit} or {@code hang}. */
    public static void main(String[] args) throws InterruptedException {
        NatLab lab = NatLab.builder().lan("a", NatMode.PORT_RESTRICTED_CONE).build();
        lab.lan("a").host().exec("sleep", "300");
        System.out.println("BUILT " + String.join(" ", lab.namespaces()));
        System.out.flush();
        if ("hang".equals(args[0])) {
            // Bounded: the test kills us long before this ends.
            Thread.sleep(120_000);
        }
        System.exit(0);
    }
}
