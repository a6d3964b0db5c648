package dev.nat4j.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.Locale;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;

/**
 * A STUN Binding load generator that works against any server: it keeps a window of requests in flight over UDP
 * for a bounded time and reports answered requests per second, loss and latency percentiles. After the sending
 * period it waits 300 ms for late answers, so requests still in flight at the end are not counted as lost.
 *
 * <pre>
 * java -cp benchmarks/target/nat4j-benchmarks.jar dev.nat4j.benchmarks.StunLoad \
 *     --target 127.0.0.1:3478 --seconds 10 --window 64 --sockets 4
 * </pre>
 *
 * <p>Each request's transaction id carries its sequence number, so a response is matched to its send time without a
 * map. A request unanswered when the run ends counts as lost. Traffic goes only to the target given, which must be a
 * loopback or lab address: the tool refuses anything else.
 */
public final class StunLoad {
    private static final int RING = 1 << 16;

    /** The figures of one run. */
    public record Result(String target, double seconds, long sent, long answered, double perSecond, double lossPercent,
            double p50Micros, double p99Micros) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%-24s %9.0f req/s  sent %9d  answered %9d  loss %6.3f%%  p50 %7.1f us  p99 %8.1f us",
                    target, perSecond, sent, answered, lossPercent, p50Micros, p99Micros);
        }
    }

    private StunLoad() {}

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = null;
        double seconds = 10;
        int window = 64;
        int sockets = 4;
        String label = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--target" -> target = SocketAddresses.parse(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--sockets" -> sockets = Integer.parseInt(args[++i]);
                case "--label" -> label = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --target IP:PORT [--seconds S] [--window N] [--sockets N] [--label TEXT])");
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("--target IP:PORT is required");
        }
        Result r = run(target, seconds, window, sockets);
        System.out.println(label == null ? r.toString() : label + "  " + r);
    }

    /**
     * Runs the load for {@code seconds} (at most 300) with {@code window} requests in flight on each of
     * {@code sockets} client sockets.
     */
    public static Result run(InetSocketAddress target, double seconds, int window, int sockets) throws IOException {
        if (!target.getAddress().isLoopbackAddress() && !target.getAddress().isSiteLocalAddress()
                && !isDocumentationAddress(target)) {
            throw new IllegalArgumentException("load is only sent to loopback or lab addresses: " + target);
        }
        if (seconds <= 0 || seconds > 300 || window < 1 || window > 4096 || sockets < 1 || sockets > 64) {
            throw new IllegalArgumentException("seconds in (0,300], window in [1,4096], sockets in [1,64]");
        }
        long[] sentAt = new long[RING];
        long[] latencies = new long[1 << 22];
        int latencyCount = 0;
        long sent = 0;
        long answered = 0;
        long sequence = 0;
        ByteBuffer out = ByteBuffer.allocate(64);
        ByteBuffer in = ByteBuffer.allocate(1500);
        StunWriter writer = new StunWriter(out);
        StunMessage view = new StunMessage();
        byte[] idBytes = new byte[TransactionId.LENGTH];
        try (Selector selector = Selector.open()) {
            DatagramChannel[] channels = new DatagramChannel[sockets];
            int[] inFlight = new int[sockets];
            for (int s = 0; s < sockets; s++) {
                DatagramChannel ch = DatagramChannel.open();
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                ch.bind(new InetSocketAddress(target.getAddress().isLoopbackAddress()
                        ? target.getAddress() : null, 0));
                ch.connect(target);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, s);
                channels[s] = ch;
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            // Fill every window, then send one request per response (closed loop). A socket that heard nothing for
            // 200 ms has lost its window: refill it so a loss cannot stall the run.
            long[] lastAnswerAt = new long[sockets];
            Arrays.fill(lastAnswerAt, start);
            long drainUntil = end + 300_000_000L; // after the run, stop sending and collect late answers
            while (true) {
                long now = System.nanoTime();
                if (now - drainUntil >= 0) {
                    break;
                }
                boolean sending = now - end < 0;
                for (int s = 0; s < sockets; s++) {
                    if (sending && now - lastAnswerAt[s] > 200_000_000L) {
                        inFlight[s] = 0;
                        lastAnswerAt[s] = now;
                    }
                    while (sending && inFlight[s] < window) {
                        long seq = sequence++;
                        Arrays.fill(idBytes, (byte) 0);
                        for (int b = 0; b < 8; b++) {
                            idBytes[b] = (byte) (seq >>> (56 - 8 * b));
                        }
                        idBytes[8] = (byte) s;
                        out.clear();
                        writer.reset(out).start(StunMethod.BINDING, MessageClass.REQUEST, TransactionId.of(idBytes));
                        ByteBuffer msg = writer.finish();
                        sentAt[(int) (seq & (RING - 1))] = System.nanoTime();
                        if (channels[s].write(msg) == 0) {
                            break;
                        }
                        sent++;
                        inFlight[s]++;
                    }
                }
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    int s = (Integer) key.attachment();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    while (true) {
                        in.clear();
                        if (ch.receive(in) == null) {
                            break;
                        }
                        in.flip();
                        if (!view.wrap(in) || !view.isSuccessResponse()) {
                            continue;
                        }
                        long seq = 0;
                        for (int b = 0; b < 8; b++) {
                            seq = (seq << 8) | (view.transactionIdByte(b) & 0xFF);
                        }
                        long rtt = System.nanoTime() - sentAt[(int) (seq & (RING - 1))];
                        answered++;
                        lastAnswerAt[s] = System.nanoTime();
                        if (inFlight[s] > 0) {
                            inFlight[s]--;
                        }
                        if (latencyCount < latencies.length && rtt > 0) {
                            latencies[latencyCount++] = rtt;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            double elapsed = (end - start) / 1e9;
            for (DatagramChannel ch : channels) {
                ch.close();
            }
            Arrays.sort(latencies, 0, latencyCount);
            double p50 = latencyCount == 0 ? Double.NaN : latencies[latencyCount / 2] / 1e3;
            double p99 = latencyCount == 0 ? Double.NaN : latencies[(int) (latencyCount * 0.99)] / 1e3;
            double loss = sent == 0 ? 0 : 100.0 * Math.max(0, sent - answered) / sent;
            return new Result(SocketAddresses.format(target), elapsed, sent, answered, answered / elapsed, loss, p50,
                    p99);
        }
    }

    private static boolean isDocumentationAddress(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        return b.length == 4 && ((b[0] & 0xFF) == 203 && (b[1] & 0xFF) == 0 && (b[2] & 0xFF) == 113
                || (b[0] & 0xFF) == 198 && (b[1] & 0xFF) == 51 && (b[2] & 0xFF) == 100);
    }
}
