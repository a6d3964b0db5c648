package dev.nat4j.turn.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * A {@link ScriptedTurnServer} that really relays, as an engine for the simulated network: a control socket for the
 * client and a relay socket for peers. It keeps to the 5-tuple of the Allocate: datagrams from any other client
 * address (a NAT mapping that changed) are dropped and counted, as a real server would answer them 437.
 */
final class SimRelayEngine implements Engine<String> {
    final ScriptedTurnServer script;
    private final TransportAddress control;
    private final TransportAddress relay;
    private final ArrayDeque<Transmit> out = new ArrayDeque<>();
    private InetSocketAddress client;
    int strangers;

    SimRelayEngine(ScriptedTurnServer script, InetSocketAddress relayAddress) {
        this.script = script;
        this.control = TransportAddress.udp(script.address);
        this.relay = TransportAddress.udp(relayAddress);
        script.relayed4 = relayAddress;
    }

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (local.equals(control)) {
            if (client != null && !client.equals(remote)) {
                strangers++;
                return;
            }
            script.mapped = remote;
            int allocationsBefore = script.allocations;
            int sends = script.sendIndications.size();
            int channelData = script.channelData.size();
            for (ByteBuffer answer : script.handle(payload)) {
                out.add(new Transmit(control, remote, answer));
            }
            if (script.allocations > allocationsBefore) {
                client = remote; // the 5-tuple of the allocation
            }
            forward(script.sendIndications.subList(sends, script.sendIndications.size()));
            forward(script.channelData.subList(channelData, script.channelData.size()));
        } else if (local.equals(relay) && client != null && script.permissions.contains(remote.getAddress())) {
            String text = StandardCharsets.UTF_8.decode(payload).toString();
            Integer channel = null;
            for (Map.Entry<Integer, InetSocketAddress> e : script.channels.entrySet()) {
                if (e.getValue().equals(remote)) {
                    channel = e.getKey();
                }
            }
            ByteBuffer message = channel != null ? ScriptedTurnServer.channelData(channel, text)
                    : script.dataIndication(remote, text);
            out.add(new Transmit(control, client, message));
        }
    }

    private void forward(List<ScriptedTurnServer.Relayed> relayed) {
        for (ScriptedTurnServer.Relayed r : relayed) {
            out.add(new Transmit(relay, r.peer(), ByteBuffer.wrap(r.text().getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Override
    public void handleTimeout(long now) {
    }

    @Override
    public Transmit pollTransmit() {
        return out.poll();
    }

    @Override
    public long pollTimeout() {
        return NO_TIMEOUT;
    }

    @Override
    public String pollEvent() {
        return null;
    }
}
