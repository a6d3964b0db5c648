package dev.nat4j.turn.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/** A UDP peer on a loopback address that echoes every datagram back to its sender, until closed. */
final class EchoPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private volatile boolean running = true;

    EchoPeer() throws IOException {
        this(java.net.InetAddress.getByName("127.0.0.1"));
    }

    EchoPeer(java.net.InetAddress host) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(host, 0));
        socket.setSoTimeout(200);
        thread = new Thread(this::run, "echo-peer");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends a datagram from the peer's socket (to reach a relayed address first). */
    void sendTo(InetSocketAddress target, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, target));
    }

    private void run() {
        byte[] buffer = new byte[65536];
        while (running) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
                socket.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), p.getSocketAddress()));
            } catch (SocketTimeoutException idle) {
                // check running again
            } catch (IOException e) {
                if (running) {
                    running = false;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        socket.close();
        thread.join(2_000);
    }
}
