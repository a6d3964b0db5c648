package dev.nat4j.core.driver;

import java.net.InetSocketAddress;

import dev.nat4j.core.TransportAddress;

/** What the test engines report. */
sealed interface TestEvent {
    record Received(TransportAddress local, InetSocketAddress remote, byte[] bytes) implements TestEvent { }

    record Opened(TransportAddress local, InetSocketAddress remote) implements TestEvent { }

    record Closed(TransportAddress local, InetSocketAddress remote) implements TestEvent { }

    record TimedOut(long deadline, long now) implements TestEvent { }
}
