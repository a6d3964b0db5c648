package dev.nat4j.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * coturn's {@code turnserver} on loopback, for interop tests: either a STUN-only server without authentication or a
 * TURN relay with long-term credentials; UDP and TCP on one port, TLS on another when given a certificate, ::1 as well
 * as 127.0.0.1 when asked and the host has it. Each start gets its own log, PID file and user database, so concurrent
 * servers never share state. Stopped by its PID with {@link #close()}, or by a shutdown hook if the JVM exits first.
 *
 * <pre>{@code
 * Prerequisites.requireProgram("turnserver");
 * try (CoturnProcess coturn = CoturnProcess.builder().user("alice", "secret").realm("test")
 *         .relayIp("127.0.0.1").allowLoopbackPeers().tls(TestTls.create(dir)).start(dir)) {
 *     turnClient("turn:127.0.0.1:" + coturn.address().getPort());
 * }
 * }</pre>
 */
public final class CoturnProcess implements AutoCloseable {
    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 40;
    // Listening ports stay below the relay range so that a relay allocation never takes a listener's port.
    private static final int LISTEN_FROM = 20_000;
    private static final int LISTEN_TO = 39_000;
    private static final int RELAY_FROM = 40_000;
    private static final int RELAY_TO = 60_000;

    private final Process process;
    private final Path log;
    private final List<InetAddress> listeningIps;
    private final int port;
    private final int tlsPort;

    /** Kills this coturn (by its PID) if the JVM exits without {@link #close()}, so that no server outlives a run. */
    private final Thread killOnExit;

    private CoturnProcess(Process process, Path log, List<InetAddress> listeningIps, int port, int tlsPort) {
        this.process = process;
        this.log = log;
        this.listeningIps = listeningIps;
        this.port = port;
        this.tlsPort = tlsPort;
        ProcessHandle handle = process.toHandle();
        this.killOnExit = new Thread(handle::destroyForcibly, "kill-coturn-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A builder for a server on 127.0.0.1 with no TLS; choose {@link Builder#stunOnly()} or TURN users. */
    public static Builder builder() {
        return new Builder();
    }

    /** The UDP and TCP listening address on 127.0.0.1. */
    public InetSocketAddress address() {
        return new InetSocketAddress(LoopbackPorts.ipv4(), port);
    }

    /** The TLS listening address on 127.0.0.1; port 0 when started without TLS. */
    public InetSocketAddress tlsAddress() {
        return new InetSocketAddress(LoopbackPorts.ipv4(), tlsPort);
    }

    /** The UDP and TCP listening address on ::1, or {@code null} when the server does not listen there. */
    public InetSocketAddress ipv6Address() {
        return listeningIps.contains(LoopbackPorts.ipv6()) ? new InetSocketAddress(LoopbackPorts.ipv6(), port) : null;
    }

    /** The server's PID. */
    public long pid() {
        return process.pid();
    }

    /** The last lines coturn logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops coturn: SIGTERM to its PID, then SIGKILL if it has not exited within 5 seconds. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            handle.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Waits until every TCP (and TLS) listener accepts; coturn opens its UDP sockets before them. */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<InetSocketAddress> probes = new ArrayList<>();
        for (InetAddress ip : listeningIps) {
            probes.add(new InetSocketAddress(ip, port));
            if (tlsPort != 0) {
                probes.add(new InetSocketAddress(ip, tlsPort));
            }
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

    /**
     * What to start. Defaults: listens on 127.0.0.1 only, no TLS, no authentication, coturn's own relay settings.
     * Always added: no daemon, no CLI, no DTLS, a simple log to a file, a private PID file and user database.
     */
    public static final class Builder {
        private boolean stunOnly;
        private final List<String> users = new ArrayList<>();
        private String realm;
        private boolean ipv6IfAvailable;
        private String relayIp;
        private int relayPorts;
        private boolean allowLoopbackPeers;
        private TestTls tls;
        private final List<String> extraFlags = new ArrayList<>();

        private Builder() {}

        /** STUN only ({@code --stun-only --no-auth}): no allocations, no credentials. */
        public Builder stunOnly() {
            this.stunOnly = true;
            return this;
        }

        /** Adds a long-term-credential user ({@code --lt-cred-mech --user}); needs a {@link #realm}. */
        public Builder user(String name, String password) {
            users.add(Objects.requireNonNull(name) + ":" + Objects.requireNonNull(password));
            return this;
        }

        /** The realm for long-term credentials ({@code --realm}). */
        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm);
            return this;
        }

        /** Listens on ::1 too when this host has IPv6 loopback; see {@link CoturnProcess#ipv6Address()}. */
        public Builder ipv6IfAvailable() {
            this.ipv6IfAvailable = true;
            return this;
        }

        /** The address relayed transport addresses are allocated on ({@code --relay-ip}). */
        public Builder relayIp(String ip) {
            this.relayIp = Objects.requireNonNull(ip);
            return this;
        }

        /**
         * Relays from a private range of {@code count} ports picked at random per start ({@code --min-port} /
         * {@code --max-port}), so that parallel servers do not compete for coturn's default range.
         */
        public Builder relayPorts(int count) {
            if (count < 1 || count > RELAY_TO - RELAY_FROM) {
                throw new IllegalArgumentException("relay port count " + count);
            }
            this.relayPorts = count;
            return this;
        }

        /** Lets clients relay to loopback peers ({@code --allow-loopback-peers}), which coturn forbids by default. */
        public Builder allowLoopbackPeers() {
            this.allowLoopbackPeers = true;
            return this;
        }

        /** Adds a TLS listener on its own port with this certificate and key ({@code --cert} / {@code --pkey}). */
        public Builder tls(TestTls tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /** Flags passed to {@code turnserver} as they are, after all others, e.g. {@code --verbose}. */
        public Builder extraFlags(String... flags) {
            extraFlags.addAll(List.of(flags));
            return this;
        }

        /**
         * Starts coturn on free ports and waits until it listens, trying fresh ports up to five times (another process
         * may take a port between the check and coturn's bind).
         *
         * @param dir a directory the test owns; each start makes its own subdirectory in it
         * @throws IOException if coturn does not listen within 15 seconds on any attempt
         */
        public CoturnProcess start(Path dir) throws IOException, InterruptedException {
            if (stunOnly && !users.isEmpty()) {
                throw new IllegalStateException("a STUN-only server has no users");
            }
            if (!users.isEmpty() && realm == null) {
                throw new IllegalStateException("long-term credentials need a realm");
            }
            List<InetAddress> ips = new ArrayList<>(List.of(LoopbackPorts.ipv4()));
            if (ipv6IfAvailable && LoopbackPorts.hasIpv6()) {
                ips.add(LoopbackPorts.ipv6());
            }
            Path home = Files.createTempDirectory(dir, "coturn-");
            IOException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = LoopbackPorts.freePair(ips, LISTEN_FROM, LISTEN_TO);
                int tlsPort = tls != null ? LoopbackPorts.freePair(ips, LISTEN_FROM, LISTEN_TO) : 0;
                if (tls != null && Math.abs(tlsPort - port) < 2) {
                    continue; // the pairs overlap
                }
                Path log = home.resolve("turnserver-" + attempt + ".log");
                Process p = new ProcessBuilder(command(ips, port, tlsPort, home, attempt))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                CoturnProcess coturn = new CoturnProcess(p, log, List.copyOf(ips), port, tlsPort);
                try {
                    coturn.awaitReady();
                    return coturn;
                } catch (IOException e) {
                    last = e;
                    coturn.close();
                } catch (InterruptedException | RuntimeException e) {
                    coturn.close();
                    throw e;
                }
            }
            throw new IOException("coturn did not start after " + START_ATTEMPTS + " attempts", last);
        }

        private List<String> command(List<InetAddress> ips, int port, int tlsPort, Path home, int attempt) {
            List<String> command = new ArrayList<>(List.of("turnserver", "-n", "--no-cli", "--no-dtls",
                    "--log-file", "stdout", "--simple-log",
                    // coturn's defaults (/var/run/turnserver.pid, /var/lib/turn/turndb) would be shared by every run
                    "--pidfile", home.resolve("turnserver-" + attempt + ".pid").toString(),
                    "--userdb", home.resolve("turndb-" + attempt).toString(),
                    "--listening-port", Integer.toString(port)));
            for (InetAddress ip : ips) {
                command.addAll(List.of("--listening-ip", ip.getHostAddress()));
            }
            if (stunOnly) {
                command.addAll(List.of("--stun-only", "--no-auth"));
            } else if (users.isEmpty()) {
                command.add("--no-auth");
            } else {
                command.add("--lt-cred-mech");
                for (String user : users) {
                    command.addAll(List.of("--user", user));
                }
                command.addAll(List.of("--realm", realm));
            }
            if (relayIp != null) {
                command.addAll(List.of("--relay-ip", relayIp));
            }
            if (relayPorts > 0) {
                int min = ThreadLocalRandom.current().nextInt(RELAY_FROM, RELAY_TO - relayPorts + 1);
                command.addAll(List.of("--min-port", Integer.toString(min),
                        "--max-port", Integer.toString(min + relayPorts)));
            }
            if (allowLoopbackPeers) {
                command.add("--allow-loopback-peers");
            }
            if (tls != null) {
                command.addAll(List.of("--tls-listening-port", Integer.toString(tlsPort),
                        "--cert", tls.certPem().toString(), "--pkey", tls.keyPem().toString()));
            } else {
                command.add("--no-tls");
            }
            command.addAll(extraFlags);
            return command;
        }
    }
}
