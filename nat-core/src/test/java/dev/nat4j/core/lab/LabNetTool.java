package dev.nat4j.core.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A tiny network tool the lab's own tests run inside namespaces with {@link LabNode#java}: a UDP echo server, a UDP
 * pinger, and a TCP listener and connector. Bounded in count and time, so a forgotten instance ends by itself.
 *
 * <pre>
 * echo BIND_IP PORT [POKE_IP:POKE_PORT]   prints "READY", then "FROM ip:port payload" per datagram, echoes it (120 s)
 * burst DST_IP DST_PORT COUNT              sends "probe 0".."probe COUNT-1" back to back, prints "SENT"
 * ping LOCAL_PORT DST_IP DST_PORT COUNT TIMEOUT_MS   prints "RTT_US n FROM ip:port" or "TIMEOUT" per probe
 * tcp-listen BIND_IP PORT                  prints "READY", then "ACCEPTED FROM ip:port" for one connection (30 s)
 * tcp-connect DST_IP DST_PORT              prints "CONNECTED" or "FAILED reason" (5 s)
 * </pre>
 */
public final class LabNetTool {
    private static final int ECHO_LIFETIME_MS = 120_000;

    private LabNetTool() {}

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "echo" -> echo(args);
            case "ping" -> ping(args);
            case "burst" -> burst(args);
            case "tcp-listen" -> tcpListen(args);
            case "tcp-connect" -> tcpConnect(args);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void echo(String[] args) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(args[1]),
                Integer.parseInt(args[2])))) {
            if (args.length > 3) {
                // An unsolicited packet sent before anyone contacted us, as an ICE peer's early check would be.
                String[] poke = args[3].split(":");
                byte[] payload = "poke".getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(payload, payload.length,
                        new InetSocketAddress(InetAddress.getByName(poke[0]), Integer.parseInt(poke[1]))));
            }
            say("READY " + socket.getLocalSocketAddress());
            long end = System.currentTimeMillis() + ECHO_LIFETIME_MS;
            byte[] buffer = new byte[2048];
            while (System.currentTimeMillis() < end) {
                socket.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                say("FROM " + packet.getAddress().getHostAddress() + ":" + packet.getPort() + " "
                        + new String(packet.getData(), 0, Math.min(packet.getLength(), 64), StandardCharsets.US_ASCII));
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
            }
        }
    }

    private static void ping(String[] args) throws IOException {
        int localPort = Integer.parseInt(args[1]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[2]), Integer.parseInt(args[3]));
        int count = Integer.parseInt(args[4]);
        int timeoutMs = Integer.parseInt(args[5]);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(localPort))) {
            socket.setSoTimeout(timeoutMs);
            byte[] buffer = new byte[2048];
            for (int i = 0; i < count; i++) {
                byte[] payload = ("probe " + i).getBytes(StandardCharsets.US_ASCII);
                long sent = System.nanoTime();
                socket.send(new DatagramPacket(payload, payload.length, target));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    // Skip late replies to earlier probes so each RTT belongs to its own probe.
                    do {
                        socket.receive(reply);
                    } while (!new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII)
                            .equals("probe " + i));
                    say("RTT_US " + (System.nanoTime() - sent) / 1000 + " FROM "
                            + reply.getAddress().getHostAddress() + ":" + reply.getPort());
                } catch (SocketTimeoutException e) {
                    say("TIMEOUT");
                }
            }
        }
    }

    private static void burst(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
        int count = Math.min(Integer.parseInt(args[3]), 10_000);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                byte[] payload = ("probe " + i).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(payload, payload.length, target));
            }
        }
        say("SENT");
    }

    private static void tcpListen(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])));
            server.setSoTimeout(30_000);
            say("READY " + server.getLocalSocketAddress());
            try (Socket accepted = server.accept()) {
                say("ACCEPTED FROM " + accepted.getInetAddress().getHostAddress() + ":" + accepted.getPort());
            } catch (SocketTimeoutException e) {
                say("NOTHING");
            }
        }
    }

    private static void tcpConnect(String[] args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])), 5000);
            say("CONNECTED");
        } catch (IOException e) {
            say("FAILED " + e);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
