package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Link impairments measured over many datagrams for one seed: the observed rates stay within bounds several standard
 * deviations wide, and the exact numbers are a function of the seed.
 */
@ExtendWith(SimSeedReporter.class)
class LinkImpairmentSimTest {
    private static final int N = 20_000;
    private static final long MS = 1_000_000;

    private SimNetwork net;
    private SimHost sender;
    private SimEndpoint<EchoEngine.Received> sink;

    private void build(long seed, Link senderLink) {
        net = new SimNetwork(seed).defaultLink(Link.INSTANT);
        sender = net.internet().addHost("sender", "198.51.100.1").link(senderLink);
        sink = net.internet().addHost("sink", "198.51.100.2").attach(new EchoEngine(), 9000);
    }

    /** Sends datagrams "0".."count-1", one per millisecond, and runs until everything has landed. */
    private void sendNumbered(int count, int padding) {
        for (int i = 0; i < count; i++) {
            byte[] payload = (i + " " + "x".repeat(padding)).getBytes(StandardCharsets.UTF_8);
            net.at(i * MS, () -> sender.send(sender.socket(1234), sink.localAddress().socketAddress(), payload));
        }
        assertTrue(net.runUntilIdle(Duration.ofHours(1)), net.describe());
        assertEquals(net.stats().sent() + net.stats().duplicated(), net.stats().delivered() + net.stats().dropped(),
                "every datagram accounted for " + net);
    }

    private static int sequenceOf(EchoEngine.Received r) {
        return Integer.parseInt(r.text().split(" ")[0]);
    }

    @Test
    void lossRateMatchesTheLink() {
        build(51, Link.INSTANT.withLoss(0.1));
        sendNumbered(N, 0);
        double delivered = sink.events().size() / (double) N;
        assertTrue(delivered > 0.885 && delivered < 0.915, "delivered share " + delivered + " " + net);
        assertEquals(N - sink.events().size(), net.stats().dropped(DropReason.LINK_LOSS));
    }

    @Test
    void duplicationRateMatchesTheLink() {
        build(52, Link.INSTANT.withDuplicate(0.05));
        sendNumbered(N, 0);
        long extra = sink.events().size() - N;
        assertEquals(extra, net.stats().duplicated());
        assertTrue(extra > 0.04 * N && extra < 0.06 * N, "duplicates " + extra + " " + net);
    }

    @Test
    void reorderHoldsBackTheConfiguredShare() {
        build(53, Link.INSTANT.withReorder(0.2, Duration.ofMillis(10)));
        sendNumbered(N, 0);
        List<EchoEngine.Received> got = sink.events();
        assertEquals(N, got.size());
        int overtaken = 0;
        int highest = -1;
        for (EchoEngine.Received r : got) {
            int seq = sequenceOf(r);
            if (seq < highest) {
                overtaken++;
            }
            highest = Math.max(highest, seq);
        }
        double share = overtaken / (double) N;
        assertTrue(share > 0.18 && share < 0.22, "overtaken share " + share + " " + net);
    }

    @Test
    void latencyAndJitterBoundTheDelay() {
        build(54, Link.INSTANT.withLatency(Duration.ofMillis(20)).withJitter(Duration.ofMillis(10)));
        sendNumbered(N, 0);
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (EchoEngine.Received r : sink.events()) {
            long delay = r.at() - sequenceOf(r) * MS;
            min = Math.min(min, delay);
            max = Math.max(max, delay);
            sum += delay;
        }
        double meanMs = sum / sink.events().size() / MS;
        assertTrue(min >= 20 * MS && max <= 30 * MS, "delay range [" + min + ", " + max + "] " + net);
        assertTrue(meanMs > 24.8 && meanMs < 25.2, "mean delay " + meanMs + " ms " + net);
    }

    @Test
    void oversizeDatagramsAreDropped() {
        build(55, Link.INSTANT.withMtu(1500));
        byte[] fits = new byte[1472];
        byte[] tooBig = new byte[1473];
        sender.send(sender.socket(1234), sink.localAddress().socketAddress(), fits);
        sender.send(sender.socket(1234), sink.localAddress().socketAddress(), tooBig);
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, sink.events().size());
        assertEquals(1472, sink.events().get(0).text().length());
        assertEquals(1, net.stats().dropped(DropReason.MTU_EXCEEDED), net.describe());
    }

    @Test
    void receiverLinkAlsoApplies() {
        net = new SimNetwork(56).defaultLink(Link.INSTANT.withLatency(Duration.ofMillis(7)));
        sender = net.internet().addHost("sender");
        SimHost far = net.internet().addHost("far");
        far.link(Link.INSTANT.withLatency(Duration.ofMillis(30)));
        sink = far.attach(new EchoEngine(), 9000);
        sender.send(sender.socket(1), sink.localAddress().socketAddress(), new byte[1]);
        net.runUntilIdle(Duration.ofSeconds(1));
        assertEquals(37 * MS, sink.events().get(0).at(), "sender link + receiver link");
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOthers() {
        Link lossy = Link.INSTANT.withLoss(0.3).withDuplicate(0.1).withJitter(Duration.ofMillis(5));
        build(57, lossy);
        sendNumbered(2000, 0);
        List<EchoEngine.Received> first = List.copyOf(sink.events());
        build(57, lossy);
        sendNumbered(2000, 0);
        assertEquals(first, sink.events());
        build(58, lossy);
        sendNumbered(2000, 0);
        assertTrue(!first.equals(sink.events()), "another seed, another run");
    }
}
