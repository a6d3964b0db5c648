package dev.nat4j.turn.client;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * coturn's {@code turnserver} as a TURN relay on 127.0.0.1 for interop tests: long-term credentials (one user, one
 * realm), loopback peers allowed, relay ports from a private range, UDP and TCP on one port, TLS on another when given
 * a certificate. Stopped by its PID.
 */
final class CoturnRelay implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    static final String REALM = "nat4j.test";
    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final int port;
    private final int tlsPort;

    private CoturnRelay(Process process, Path log, int port, int tlsPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    static CoturnRelay start(Path dir, TestCertificate tls) throws IOException, InterruptedException {
        IOException last = null;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort(loopback);
            int tlsPort = tls != null ? freePort(loopback) : 0;
            int minRelay = ThreadLocalRandom.current().nextInt(40_000, 60_000);
            Path logFile = dir.resolve("turnserver-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of("turnserver", "-n",
                    "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                    "--listening-port", Integer.toString(port),
                    "--min-port", Integer.toString(minRelay), "--max-port", Integer.toString(minRelay + 200),
                    "--lt-cred-mech", "--user", USER + ":" + PASSWORD, "--realm", REALM,
                    "--allow-loopback-peers", "--no-cli", "--no-dtls", "--no-multicast-peers",
                    "--log-file", "stdout", "--simple-log", "--verbose",
                    "--pidfile", dir.resolve("turnserver-" + attempt + ".pid").toString(),
                    "--userdb", dir.resolve("turndb-" + attempt).toString()));
            if (tls != null) {
                command.addAll(List.of("--tls-listening-port", Integer.toString(tlsPort),
                        "--cert", tls.certPem.toString(), "--pkey", tls.keyPem.toString()));
            } else {
                command.add("--no-tls");
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            CoturnRelay relay = new CoturnRelay(p, logFile, port, tlsPort);
            try {
                relay.awaitReady(tls != null);
                return relay;
            } catch (IOException e) {
                last = e;
                relay.close();
            }
        }
        throw new IOException("coturn did not start after " + START_ATTEMPTS + " attempts", last);
    }

    private static int freePort(InetAddress host) throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 39_000);
            try (ServerSocket t = new ServerSocket(p, 1, host);
                    DatagramSocket u = new DatagramSocket(new InetSocketAddress(host, p))) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port found");
    }

    private void awaitReady(boolean withTls) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<InetSocketAddress> probes = new ArrayList<>(List.of(address()));
        if (withTls) {
            probes.add(tlsAddress());
        }
        for (InetSocketAddress probe : probes) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited with " + process.exitValue() + ": " + logTail());
                }
                try (Socket s = new Socket()) {
                    s.connect(probe, 500);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("turnserver not listening on " + probe + ": " + logTail());
                    }
                    process.waitFor(50, TimeUnit.MILLISECONDS); // bounded by the deadline above
                }
            }
        }
    }

    /** UDP and TCP listening address. */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** TLS listening address. */
    InetSocketAddress tlsAddress() {
        return new InetSocketAddress("127.0.0.1", tlsPort);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle h = process.toHandle();
        h.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            h.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
