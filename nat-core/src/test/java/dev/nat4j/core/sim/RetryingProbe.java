package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * Test engine with real timers: sends {@code ASK probe} and retransmits with a doubling interval (500 ms, 1 s, 2 s,
 * ...) until a reply arrives or {@code giveUpAfter} passes; then emits {@code "answered"} or {@code "timed out"}.
 */
final class RetryingProbe implements Engine<String> {
    private static final long FIRST_RTO = 500_000_000L;

    private final InetSocketAddress server;
    private final long giveUpAfter;
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private long nextSend = NO_TIMEOUT;
    private long giveUpAt = NO_TIMEOUT;
    private long rto = FIRST_RTO;
    private int sent;
    private boolean done;

    RetryingProbe(InetSocketAddress server, long giveUpAfterNanos) {
        this.server = server;
        this.giveUpAfter = giveUpAfterNanos;
    }

    void start(long now) {
        giveUpAt = now + giveUpAfter;
        sendNow(now);
    }

    int sent() {
        return sent;
    }

    private void sendNow(long now) {
        sent++;
        transmits.add(new Transmit(null, server, ByteBuffer.wrap("ASK probe".getBytes(StandardCharsets.UTF_8))));
        nextSend = now + rto;
        rto *= 2;
    }

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (!done) {
            done = true;
            events.add("answered");
        }
    }

    @Override
    public void handleTimeout(long now) {
        if (done) {
            return;
        }
        if (now >= giveUpAt) {
            done = true;
            events.add("timed out");
            return;
        }
        if (now >= nextSend) {
            sendNow(now);
        }
    }

    @Override
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    @Override
    public long pollTimeout() {
        return done ? NO_TIMEOUT : Math.min(nextSend, giveUpAt);
    }

    @Override
    public String pollEvent() {
        return events.poll();
    }
}
