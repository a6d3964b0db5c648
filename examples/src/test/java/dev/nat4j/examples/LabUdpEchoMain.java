package dev.nat4j.examples;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

import dev.nat4j.core.SocketAddresses;

/**
 * A UDP echo peer for lab tests: every datagram goes back to its sender unchanged. Started inside a lab namespace with
 * {@code LabNode.java(LabUdpEchoMain.class, "IP:PORT")}; prints {@code echoing on IP:PORT} once bound and runs until
 * killed (the lab kills it by PID).
 */
public final class LabUdpEchoMain {
    private LabUdpEchoMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LabUdpEchoMain IP:PORT");
            System.exit(2);
        }
        try (DatagramSocket socket = new DatagramSocket(SocketAddresses.parse(args[0]))) {
            System.out.println("echoing on " + SocketAddresses.format(
                    (java.net.InetSocketAddress) socket.getLocalSocketAddress()));
            System.out.flush();
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                socket.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(),
                        packet.getSocketAddress()));
            }
        }
    }
}
