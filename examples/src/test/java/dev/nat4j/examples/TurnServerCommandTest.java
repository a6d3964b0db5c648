package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.examples.cli.CliRunner;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.RequestedTransport;

@Timeout(30)
class TurnServerCommandTest {
    private static final Pattern UDP = Pattern.compile("listening on udp 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void servesUntilStoppedAndChallengesAnAllocate() throws Exception {
        CliRunner.Running running = CliRunner.start("turn-server", "--listen", "127.0.0.1:0", "--user", "a:b",
                "--relay-ports", "41000-41010", "--realm", "cli", "--metrics", "127.0.0.1:0");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Matcher m = UDP.matcher("");
        while (System.nanoTime() < deadline && !running.finished()) {
            m = UDP.matcher(running.out());
            if (m.find() && running.out().contains("metrics on")) { // the metrics line comes last
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // poll the output with a deadline
        }
        assertTrue(m.find(0), running.out() + running.err());
        int port = Integer.parseInt(m.group(1));
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            ByteBuffer req = new StunWriter(ByteBuffer.allocate(256))
                    .start(StunMethod.ALLOCATE, MessageClass.REQUEST, TransactionId.random())
                    .add(RequestedTransport.udp()).finish();
            byte[] b = new byte[req.remaining()];
            req.get(b);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            s.receive(p);
            StunMessage answer = StunMessage.parse(ByteBuffer.wrap(Arrays.copyOf(p.getData(), p.getLength())));
            assertEquals(401, answer.get(ErrorCode.TYPE).code());
        }
        Matcher metrics = Pattern.compile("metrics on (http://\\S+)/metrics").matcher(running.out());
        assertTrue(metrics.find(), running.out());
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build();
        java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(metrics.group(1) + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("nat4j_turn_allocations 0"), page.body());
        assertTrue(page.body().contains("nat4j_turn_error_responses_total 1"), page.body());
        java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(metrics.group(1) + "/health")).timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("ok\n", health.body());
        CliRunner.Result r = running.stop(Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("stopping: 0 allocations live"), r.err());
    }

    @Test
    void drainsLiveAllocationsOnStop() throws Exception {
        CliRunner.Running running = CliRunner.start("turn-server", "--listen", "127.0.0.1:0", "--user", "a:b",
                "--relay-ports", "41100-41110", "--realm", "cli", "--drain", "1s");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Matcher m = UDP.matcher("");
        while (System.nanoTime() < deadline && !(m = UDP.matcher(running.out())).find()) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // poll the output with a deadline
        }
        assertTrue(m.find(0), running.out() + running.err());
        InetSocketAddress turn = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)));
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            StunMessage challenge = exchange(s, turn, new StunWriter(ByteBuffer.allocate(256))
                    .start(StunMethod.ALLOCATE, MessageClass.REQUEST, TransactionId.random())
                    .add(RequestedTransport.udp()).finish());
            String nonce = challenge.get(dev.nat4j.stun.attribute.Nonce.TYPE).value();
            StunMessage ok = exchange(s, turn, new StunWriter(ByteBuffer.allocate(256))
                    .start(StunMethod.ALLOCATE, MessageClass.REQUEST, TransactionId.random())
                    .add(RequestedTransport.udp()).add(new dev.nat4j.stun.attribute.Username("a"))
                    .add(new dev.nat4j.stun.attribute.Realm("cli")).add(new dev.nat4j.stun.attribute.Nonce(nonce))
                    .addMessageIntegrity(dev.nat4j.stun.auth.LongTermCredentials.md5Key("a", "cli", "b")).finish());
            assertTrue(ok.isSuccessResponse(), ok.toString());
        }
        CliRunner.Result r = running.stop(Duration.ofSeconds(15));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("draining 1 allocations"), r.err());
        assertTrue(r.err().contains("stopping: 0 allocations live (1 total)"), r.err());
    }

    private static StunMessage exchange(DatagramSocket s, InetSocketAddress to, ByteBuffer request) throws Exception {
        byte[] b = new byte[request.remaining()];
        request.get(b);
        s.send(new DatagramPacket(b, b.length, to));
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        s.receive(p);
        return StunMessage.parse(ByteBuffer.wrap(Arrays.copyOf(p.getData(), p.getLength())));
    }

    @Test
    void helpListsTheOptions() {
        CliRunner.Result r = CliRunner.run("turn-server", "--help");
        assertEquals(0, r.exitCode(), r.err());
        for (String option : new String[] {"--listen", "--relay-ip", "--external-ip", "--realm", "--user",
                "--auth-secret", "--allow-peer", "--deny-peer", "--relay-ports", "--tls-listen", "--max-bps"}) {
            assertTrue(r.out().contains(option) || r.err().contains(option), option);
        }
    }

    @Test
    void withoutUsersOrSecretItIsAUsageError() {
        assertEquals(2, CliRunner.run("turn-server", "--listen", "127.0.0.1:0").exitCode());
        assertEquals(2, CliRunner.run("turn-server", "--listen", "127.0.0.1:0", "--user", "a:b",
                "--relay-ports", "9-2").exitCode());
        assertEquals(2, CliRunner.run("turn-server", "--listen", "127.0.0.1:0", "--user", "a:b",
                "--allow-peer", "not-a-cidr").exitCode());
        assertEquals(2, CliRunner.run("turn-server", "--listen", "127.0.0.1:0", "--user", "a:b",
                "--tls-listen", "127.0.0.1:0").exitCode(), "TLS without --cert/--key");
        assertEquals(2, CliRunner.run("turn-server", "--listen", "127.0.0.1:0", "--user", "a:b",
                "--tls-listen", "127.0.0.1:0", "--cert", "/nonexistent/c.pem", "--key", "/nonexistent/k.pem")
                .exitCode(), "unreadable PEM files");
    }
}
