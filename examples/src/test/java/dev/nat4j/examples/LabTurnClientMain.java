package dev.nat4j.examples;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.turn.client.RelayEndpoint;
import dev.nat4j.turn.client.TurnClient;
import dev.nat4j.turn.client.TurnEvent;

/**
 * The TURN client side of {@code TurnRelayLabIT}, run inside a LAN host's namespace so that its packets cross the
 * lab's kernel NAT: allocates on the server, sends {@code COUNT} datagrams to a UDP echo peer through the relay (the
 * first half as Send indications, the rest as ChannelData once a channel is bound) and checks that every echo comes
 * back intact, from the peer, by the path it went out on.
 *
 * <p>usage: {@code LabTurnClientMain TURN-URI USER PASSWORD PEER-IP:PORT COUNT ALLOCATE-TIMEOUT-MS}. Prints one line
 * {@code turn-lab-result allocated=yes|no transport=udp|tcp relayed=IP:PORT|- mapped=IP:PORT|- allocateMs=N|-
 * sent=N ok=N indicationOk=N channelOk=N channel=N|- error=TEXT|-} (the error last, as it may contain spaces) and
 * exits 0 whatever happened: the test decides what counts as a pass. Every wait is bounded.
 */
public final class LabTurnClientMain {
    static final String RESULT = "turn-lab-result ";
    private static final Duration ECHO_WAIT = Duration.ofSeconds(3);
    private static final Duration CHANNEL_WAIT = Duration.ofSeconds(5);

    private LabTurnClientMain() {}

    /** One echo as the client saw it: its text, and the channel it came in on (0: a Data indication). */
    private record Echo(InetSocketAddress peer, String text, int channel) {}

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println(
                    "usage: LabTurnClientMain TURN-URI USER PASSWORD PEER-IP:PORT COUNT ALLOCATE-TIMEOUT-MS");
            System.exit(2);
        }
        String uri = args[0];
        InetSocketAddress peer = SocketAddresses.parse(args[3]);
        int count = Integer.parseInt(args[4]);
        long allocateTimeoutMs = Long.parseLong(args[5]);
        String transport = uri.contains("transport=tcp") ? "tcp" : "udp";

        String relayed = "-";
        String mapped = "-";
        String allocateMs = "-";
        String channel = "-";
        int sent = 0;
        int indicationOk = 0;
        int channelOk = 0;
        String error = "-";
        boolean allocated = false;
        // autoBindChannels off: the first half must travel as Send/Data indications, the second as ChannelData.
        try (TurnClient turn = TurnClient.builder().server(uri).credentials(args[1], args[2]).autoBindChannels(false)
                .build()) {
            long start = System.nanoTime();
            RelayEndpoint relay = turn.allocate().get(allocateTimeoutMs, TimeUnit.MILLISECONDS);
            allocated = true;
            allocateMs = String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            relayed = SocketAddresses.format(relay.relayedAddress());
            if (relay.mappedAddress() != null) {
                mapped = SocketAddresses.format(relay.mappedAddress());
            }

            BlockingQueue<Echo> echoes = new LinkedBlockingQueue<>();
            relay.onReceive(p -> { });
            relay.onEvent(e -> {
                if (e instanceof TurnEvent.PeerData d) {
                    ByteBuffer data = d.data().duplicate();
                    echoes.add(new Echo(d.peer(), StandardCharsets.UTF_8.decode(data).toString(), d.channel()));
                }
            });

            int half = count / 2;
            for (int i = 0; i < half; i++) {
                sent++;
                if (roundTrip(relay, peer, "indication " + i, echoes, 0)) {
                    indicationOk++;
                }
            }
            int number = relay.bindChannel(peer).get(CHANNEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            channel = String.valueOf(number);
            for (int i = half; i < count; i++) {
                sent++;
                if (roundTrip(relay, peer, "channel " + i, echoes, number)) {
                    channelOk++;
                }
            }
            relay.close();
        } catch (ExecutionException | CompletionException e) {
            error = (allocated ? "" : "allocate: ") + describe(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            error = allocated ? "channel bind timed out" : "allocate timed out after " + allocateTimeoutMs + " ms";
        } catch (Exception e) {
            error = describe(e);
        }
        System.out.println(RESULT + "allocated=" + (allocated ? "yes" : "no") + " transport=" + transport
                + " relayed=" + relayed + " mapped=" + mapped + " allocateMs=" + allocateMs + " sent=" + sent
                + " ok=" + (indicationOk + channelOk) + " indicationOk=" + indicationOk + " channelOk=" + channelOk
                + " channel=" + channel + " error=" + error.replaceAll("[\\r\\n]+", " "));
        System.out.flush();
        System.exit(0);
    }

    /** Sends {@code text} and waits for its echo; true when it came back from the peer on {@code channel}. */
    private static boolean roundTrip(RelayEndpoint relay, InetSocketAddress peer, String text,
            BlockingQueue<Echo> echoes, int channel) throws InterruptedException {
        if (!relay.send(peer, text.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        long deadline = System.nanoTime() + ECHO_WAIT.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Echo echo = echoes.poll(left, TimeUnit.NANOSECONDS);
            if (echo != null && echo.text().equals(text)) {
                return echo.peer().equals(peer) && echo.channel() == channel;
            }
            // Anything else is a late echo of an earlier round trip that already counted as lost.
        }
        return false;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
