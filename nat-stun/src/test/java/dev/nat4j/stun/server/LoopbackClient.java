package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.nat4j.stun.StunMessage;

/** A plain JDK socket client for the loopback tests: no nat4j code on the client side. */
final class LoopbackClient {
    static final int TIMEOUT_MILLIS = 3_000;
    private static final int SENDS = 3;

    private LoopbackClient() {}

    /** A received datagram: who sent it and what it says. */
    record Received(InetSocketAddress from, StunMessage message, int length) {
    }

    /**
     * Sends {@code request} from {@code socket} to {@code server} (again, up to 3 times, if nothing comes back within
     * the timeout) and returns the answer whose transaction id matches.
     */
    static Received exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws IOException {
        return exchange(socket, socket, server, request);
    }

    /** As {@link #exchange(DatagramSocket, InetSocketAddress, byte[])}, receiving on {@code receiver}. */
    static Received exchange(DatagramSocket sender, DatagramSocket receiver, InetSocketAddress server, byte[] request)
            throws IOException {
        receiver.setSoTimeout(TIMEOUT_MILLIS);
        byte[] buf = new byte[4096];
        for (int i = 0; i < SENDS; i++) {
            sender.send(new DatagramPacket(request, request.length, server));
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    receiver.receive(p);
                    byte[] got = Arrays.copyOf(p.getData(), p.getLength());
                    if (Arrays.equals(got, 8, 20, request, 8, 20)) {
                        return new Received((InetSocketAddress) p.getSocketAddress(),
                                StunMessage.parse(ByteBuffer.wrap(got)), got.length);
                    }
                }
            } catch (SocketTimeoutException e) {
                // lost on loopback (very rare): send again
            }
        }
        return fail("no answer from " + server + " after " + SENDS + " sends");
    }

    /** Asserts that nothing arrives on {@code socket} within {@code millis}. */
    static void assertNothingArrives(DatagramSocket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            socket.receive(p);
            fail("unexpected datagram from " + p.getSocketAddress());
        } catch (SocketTimeoutException expected) {
            // nothing came
        }
    }

    /** Writes {@code request} on a TCP connection and reads one STUN message back. */
    static StunMessage exchange(Socket socket, byte[] request) throws IOException {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        return read(socket);
    }

    /** Reads one STUN message (header, then the length it gives) from a TCP connection. */
    static StunMessage read(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[20];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] whole = Arrays.copyOf(header, 20 + length);
        in.readFully(whole, 20, length);
        assertEquals(0, whole[0] & 0xC0);
        return StunMessage.parse(ByteBuffer.wrap(whole));
    }
}
