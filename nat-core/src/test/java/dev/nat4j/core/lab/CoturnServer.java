package dev.nat4j.core.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * coturn's {@code turnserver} running in a lab namespace, as an independent STUN/TURN server (the referee for our
 * own server and client). Started from a throwaway config file; with two listening addresses on the node it serves
 * RFC 5780 NAT behaviour discovery (CHANGE-REQUEST, OTHER-ADDRESS) on ports 3478 and 3479.
 *
 * <pre>{@code
 * try (CoturnServer stun = CoturnServer.start(lab.server())) {
 *     NatDiscovery.Outcome<NatDiscovery.Mapping> m = NatDiscovery.mapping(lan.host(), stun.primary());
 * }
 * }</pre>
 */
public final class CoturnServer implements AutoCloseable {
    /** The STUN/TURN port; RFC 5780's alternate port is this plus one. */
    public static final int PORT = 3478;

    private final LabNode node;
    private final Path directory;
    private final LabProcess process;

    private CoturnServer(LabNode node, Path directory, LabProcess process) {
        this.node = node;
        this.directory = directory;
        this.process = process;
    }

    /** Starts an unauthenticated STUN/TURN server on all of {@code node}'s addresses, port {@link #PORT}. */
    public static CoturnServer start(LabNode node) {
        return start(node, List.of("no-auth"));
    }

    /**
     * Starts {@code turnserver} on all of {@code node}'s addresses with {@code extraConfig} lines added to the
     * defaults (no TLS/DTLS, no CLI, log to stdout), e.g. {@code no-auth}, or {@code lt-cred-mech},
     * {@code user=alice:secret}, {@code realm=lab}.
     *
     * @throws LabException if the server is not listening on every address within 10 seconds
     */
    public static CoturnServer start(LabNode node, List<String> extraConfig) {
        Path directory;
        try {
            directory = Files.createTempDirectory("n4j-coturn-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> config = new ArrayList<>();
        config.add("listening-port=" + PORT);
        for (InetAddress address : node.addresses()) {
            config.add("listening-ip=" + address.getHostAddress());
        }
        config.add("no-tls");
        config.add("no-dtls");
        config.add("no-cli");
        config.add("log-file=stdout");
        config.add("simple-log");
        // Defaults (/var/run/turnserver.pid, /var/lib/turn/turndb) would collide between concurrent servers.
        config.add("pidfile=" + directory.resolve("turnserver.pid"));
        config.add("userdb=" + directory.resolve("turndb"));
        config.addAll(extraConfig);
        Path file = directory.resolve("turnserver.conf");
        try {
            Files.write(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabProcess process = node.exec("turnserver", "-c", file.toString());
        CoturnServer server = new CoturnServer(node, directory, process);
        int sockets = node.addresses().size() * (node.addresses().size() > 1 ? 2 : 1);
        boolean ready = LabAwait.until(() -> !process.isAlive() || server.udpListeners() >= sockets,
                Duration.ofSeconds(10));
        if (!ready || !process.isAlive()) {
            server.close();
            throw new LabException("turnserver did not start in " + node.namespace() + "\n" + process.stdout()
                    + process.stderr());
        }
        return server;
    }

    /** Distinct UDP address:port pairs the server listens on (coturn opens several sockets per pair). */
    private long udpListeners() {
        Commands.Result ss = Commands.quiet("ip", "netns", "exec", node.namespace(), "ss", "-Hlun");
        if (!ss.ok()) {
            return 0;
        }
        return ss.output().lines()
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length >= 4)
                .map(fields -> fields[3])
                .filter(local -> local.endsWith(":" + PORT) || local.endsWith(":" + (PORT + 1)))
                .distinct()
                .count();
    }

    /** The node's primary address, where clients send. */
    public InetAddress primary() {
        return node.address();
    }

    /** The server process (its stdout is coturn's log). */
    public LabProcess process() {
        return process;
    }

    /** Stops the server and removes its config directory. */
    @Override
    public void close() {
        process.kill();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
