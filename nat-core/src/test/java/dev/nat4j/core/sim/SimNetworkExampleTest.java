package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The example in {@link SimNetwork}'s Javadoc, kept true. */
@ExtendWith(SimSeedReporter.class)
class SimNetworkExampleTest {

    @Test
    void theJavadocExampleWorksAsWritten() {
        SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(42));
        SimHost server = net.internet().addHost("stun", "192.0.2.1", "192.0.2.2");
        server.attach(new EchoEngine(), 3478, 3479);

        SimHost alice = net.addLan("alice", NatKind.PORT_RESTRICTED_CONE).addHost("alice");
        EchoEngine client = new EchoEngine();
        SimEndpoint<EchoEngine.Received> ep = alice.attach(client, 40000);
        net.execute(() -> client.send(null, server.socket(3478), "ASK t1"));
        net.awaitOrFail(() -> EchoEngine.seen(ep, "t1").isPresent(), Duration.ofSeconds(5), "reflexive address");
        InetSocketAddress mapped = EchoEngine.seen(ep, "t1").get();

        assertEquals("192.168.1.2", alice.address().getHostAddress());
        assertEquals(new InetSocketAddress("203.0.113.1", 40000), mapped, net.describe());
    }
}
