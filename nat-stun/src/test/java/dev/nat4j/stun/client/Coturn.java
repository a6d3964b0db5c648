package dev.nat4j.stun.client;

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
 * coturn's {@code turnserver} as a STUN-only server on loopback, for interop tests: no authentication, no CLI, UDP and
 * TCP on one port (plus the port above it, which coturn opens for RFC 5780), TLS on another when given a certificate,
 * IPv6 loopback too when the host has it. Started with {@link #start}, stopped by its PID with {@link #close()}.
 *
 * <pre>{@code
 * Prerequisites.requireProgram("turnserver");
 * try (Coturn coturn = Coturn.start(tempDir, tls)) {
 *     client.binding(coturn.udp4()).get();
 * }
 * }</pre>
 *
 * <p>Reusable by any interop test; a candidate for a shared test-jar.
 */
final class Coturn implements AutoCloseable {
    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final int port;
    private final int tlsPort;
    private final boolean ipv6;

    /** Kills this coturn (by its PID) if the JVM exits without {@link #close()}, so that no server outlives a run. */
    private final Thread killOnExit;

    private Coturn(Process process, Path log, int port, int tlsPort, boolean ipv6) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.tlsPort = tlsPort;
        this.ipv6 = ipv6;
        ProcessHandle handle = process.toHandle();
        this.killOnExit = new Thread(handle::destroyForcibly, "kill-coturn-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts coturn and waits until its TCP listeners (and so its UDP sockets, opened before them) accept.
     *
     * @param dir a private directory for the log, PID file and database
     * @param tls certificate and key for a TLS listener, or {@code null} for none
     */
    static Coturn start(Path dir, TestTls tls) throws IOException, InterruptedException {
        boolean ipv6 = Loopback.hasIpv6();
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePortPair(ipv6);
            int tlsPort = tls != null ? freePortPair(ipv6) : 0;
            if (tls != null && Math.abs(tlsPort - port) < 2) {
                continue;
            }
            Path log = dir.resolve("turnserver-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of("turnserver", "-n",
                    "--listening-ip", "127.0.0.1",
                    "--listening-port", Integer.toString(port),
                    "--stun-only", "--no-auth", "--no-cli", "--no-dtls",
                    "--log-file", "stdout", "--simple-log",
                    "--pidfile", dir.resolve("turnserver.pid").toString(),
                    "--userdb", dir.resolve("turndb").toString()));
            if (ipv6) {
                command.addAll(List.of("--listening-ip", "::1"));
            }
            if (tls != null) {
                command.addAll(List.of("--tls-listening-port", Integer.toString(tlsPort),
                        "--cert", tls.certPem.toString(), "--pkey", tls.keyPem.toString()));
            } else {
                command.add("--no-tls");
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Coturn coturn = new Coturn(p, log, port, tlsPort, ipv6);
            try {
                coturn.awaitReady(tls != null);
                return coturn;
            } catch (IOException e) {
                last = e;
                coturn.close();
            } catch (InterruptedException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
        }
        throw new IOException("coturn did not start after " + START_ATTEMPTS + " attempts", last);
    }

    /** A port P with P and P+1 free for UDP and TCP on the loopback addresses (coturn binds both). */
    private static int freePortPair(boolean ipv6) throws IOException {
        List<InetAddress> hosts = ipv6 ? List.of(Loopback.v4(), Loopback.v6()) : List.of(Loopback.v4());
        for (int tries = 0; tries < 200; tries++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (free(hosts, p) && free(hosts, p + 1)) {
                return p;
            }
        }
        throw new IOException("no free port pair found");
    }

    private static boolean free(List<InetAddress> hosts, int port) {
        for (InetAddress host : hosts) {
            try (ServerSocket t = new ServerSocket(port, 1, host);
                    DatagramSocket u = new DatagramSocket(new InetSocketAddress(host, port))) {
                // both bindable
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private void awaitReady(boolean withTls) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<InetSocketAddress> probes = new ArrayList<>(List.of(tcp4()));
        if (withTls) {
            probes.add(tls4());
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
                    // a bounded wait for the next attempt, not a sleep-and-hope: the loop ends at the deadline
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    InetSocketAddress udp4() {
        return new InetSocketAddress(Loopback.v4(), port);
    }

    InetSocketAddress tcp4() {
        return udp4();
    }

    InetSocketAddress tls4() {
        return new InetSocketAddress(Loopback.v4(), tlsPort);
    }

    /** The IPv6 loopback address, or {@code null} when the host has no IPv6. */
    InetSocketAddress udp6() {
        return ipv6 ? new InetSocketAddress(Loopback.v6(), port) : null;
    }

    /** The last lines coturn logged, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops coturn: SIGTERM to its PID, then SIGKILL if it has not exited within 5 seconds. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, harmlessly: the process is gone
        }
    }

    @Override
    public String toString() {
        return "coturn[pid=" + process.pid() + " port=" + port + (tlsPort != 0 ? " tls=" + tlsPort : "") + "]";
    }
}
