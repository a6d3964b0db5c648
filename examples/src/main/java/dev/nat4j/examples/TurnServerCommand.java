package dev.nat4j.examples;

import java.net.InetSocketAddress;
import java.util.List;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.examples.cli.Command;
import dev.nat4j.examples.cli.CommandContext;
import dev.nat4j.examples.cli.Option;
import dev.nat4j.examples.cli.ParsedOptions;
import dev.nat4j.examples.cli.UsageException;
import dev.nat4j.turn.server.TurnServer;
import dev.nat4j.turn.server.TurnServerStats;

/**
 * {@code nat4j turn-server}: the TURN relay (RFC 8656, UDP relays) in the foreground, over UDP and TCP, until Ctrl-C or
 * SIGTERM. Safe by default: loopback, private, link-local and other special-purpose peers are refused unless
 * {@code --allow-peer} opens them.
 *
 * <pre>{@code
 * ./nat4j turn-server --listen 0.0.0.0:3478 --relay-ip 192.0.2.1 --realm example.org --user alice:secret
 * ./nat4j turn-server --listen 192.0.2.1:3478 --auth-secret north --external-ip 203.0.113.7
 * }</pre>
 */
public final class TurnServerCommand implements Command {
    static final Option LISTEN = Option.value("listen", "IP:PORT",
            "address to serve on, UDP and TCP (repeat for more; port 0 picks one)").asRepeatable()
            .withDefault("0.0.0.0:" + TurnServer.DEFAULT_PORT);
    static final Option TLS_LISTEN = Option.value("tls-listen", "IP:PORT",
            "address to serve TURN over TLS on (turns:, usually port 5349 or 443; repeatable; needs --cert, --key)")
            .asRepeatable();
    static final Option CERT = Option.value("cert", "FILE", "PEM certificate chain for --tls-listen, leaf first");
    static final Option KEY = Option.value("key", "FILE", "PEM private key (unencrypted PKCS#8) for --tls-listen");
    static final Option RELAY_IP = Option.value("relay-ip", "IP",
            "address to bind relay sockets to (repeatable; default: the first --listen IP)").asRepeatable();
    static final Option EXTERNAL_IP = Option.value("external-ip", "IP",
            "public address to advertise for relays when behind a 1:1 NAT");
    static final Option REALM = Option.value("realm", "NAME", "authentication realm").withDefault("nat4j");
    static final Option USER = Option.value("user", "NAME:PASSWORD", "a static user (repeatable)").asRepeatable();
    static final Option AUTH_SECRET = Option.value("auth-secret", "SECRET",
            "accept time-limited credentials (coturn use-auth-secret: user 'EXPIRY:NAME', "
                    + "password base64(HMAC-SHA1(secret, user)))");
    static final Option ALLOW_PEER = Option.value("allow-peer", "CIDR",
            "let relays reach this block even if denied by default (repeatable; wins over every deny)").asRepeatable();
    static final Option DENY_PEER = Option.value("deny-peer", "CIDR", "refuse peers in this block (repeatable)")
            .asRepeatable();
    static final Option RELAY_PORTS = Option.value("relay-ports", "MIN-MAX", "UDP port range for relays")
            .withDefault("49152-65535");
    static final Option MAX_ALLOCATIONS = Option.value("max-allocations", "N", "allocations on the server")
            .withDefault("10000");
    static final Option USER_QUOTA = Option.value("user-quota", "N", "concurrent allocations per user")
            .withDefault("100");
    static final Option IP_QUOTA = Option.value("ip-quota", "N", "concurrent allocations per client IP")
            .withDefault("100");
    static final Option MAX_PERMISSIONS = Option.value("max-permissions", "N",
            "permissions (and channels) per allocation").withDefault("1024");
    static final Option MAX_BPS = Option.value("max-bps", "BYTES",
            "payload bytes per second per allocation and direction, excess dropped (0: no limit)").withDefault("0");
    static final Option LEGACY_CHANNELS = Option.flag("legacy-channel-numbers",
            "also accept channel numbers 0x5000-0x7FFF (RFC 5766; old clients such as coturn's uclient before 4.7)");
    static final Option METRICS = Option.value("metrics", "IP:PORT",
            "serve Prometheus metrics (/metrics) and a health check (/health) over HTTP here; keep it on loopback");
    static final Option DRAIN = Option.value("drain", "DURATION",
            "on Ctrl-C/SIGTERM, refuse new allocations and wait this long for live ones to end (e.g. 30s)")
            .withDefault("0s");
    static final Option ERROR_RATE = Option.value("unauth-replies-per-second", "N",
            "error replies to unauthenticated requests per source IP per second (0: unlimited)").withDefault("10");

    @Override
    public String name() {
        return "turn-server";
    }

    @Override
    public String summary() {
        return "run a TURN relay (RFC 8656) until Ctrl-C";
    }

    @Override
    public String description() {
        return "Serves TURN (UDP relays) and STUN Binding over UDP and TCP on each --listen address (and TLS on "
                + "each --tls-listen address), with long-term "
                + "credentials (--user, --auth-secret), stateless nonces and quotas. Peers on loopback, private, "
                + "CGNAT, link-local/metadata, ULA, multicast, reserved and documentation ranges, and the server's "
                + "own addresses, are refused (403) in every IPv4 and IPv6 encoding unless --allow-peer opens them. "
                + "Logs one line per allocation created, refreshed or deleted; prints counters when it stops.";
    }

    @Override
    public List<Option> options() {
        return List.of(LISTEN, TLS_LISTEN, CERT, KEY, RELAY_IP, EXTERNAL_IP, REALM, USER, AUTH_SECRET, ALLOW_PEER, DENY_PEER, RELAY_PORTS,
                MAX_ALLOCATIONS, USER_QUOTA, IP_QUOTA, MAX_PERMISSIONS, MAX_BPS, ERROR_RATE, LEGACY_CHANNELS, METRICS, DRAIN);
    }

    @Override
    public List<String> examples() {
        return List.of("nat4j turn-server --listen 0.0.0.0:3478 --relay-ip 192.0.2.1 --user alice:secret",
                "nat4j turn-server --listen 192.0.2.1:3478 --auth-secret north --realm example.org",
                "nat4j turn-server --listen 127.0.0.1:3478 --user a:b --allow-peer 127.0.0.1/32",
                "nat4j turn-server --listen 0.0.0.0:3478 --relay-ip 192.0.2.1 --user a:b "
                        + "--tls-listen 0.0.0.0:5349 --cert fullchain.pem --key privkey.pem");
    }

    @Override
    public int run(ParsedOptions options, CommandContext context) throws Exception {
        TurnServer server;
        try {
            server = configure(options).start();
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new UsageException(e.getMessage(), e);
        }
        java.time.Duration drain = options.getDuration(DRAIN);
        com.sun.net.httpserver.HttpServer metrics = null;
        try (server) {
            for (TransportAddress a : server.localAddresses()) {
                context.out().println("listening on " + a.transport().token() + " "
                        + SocketAddresses.format(a.ip(), a.port()));
            }
            if (options.has(METRICS)) {
                metrics = startMetrics(options.getSocketAddress(METRICS), server);
                InetSocketAddress bound = metrics.getAddress();
                context.out().println("metrics on http://" + SocketAddresses.format(bound) + "/metrics");
                if (!bound.getAddress().isLoopbackAddress()) {
                    context.err().println("warning: the metrics endpoint is reachable from outside this host");
                }
            }
            context.out().println("realm " + server.config().realm() + "; peer filter "
                    + server.config().peerFilter());
            context.out().flush();
            context.err().println("serving; Ctrl-C to stop");
            context.awaitStop();
            if (!drain.isZero() && server.stats().allocations() > 0) {
                context.err().println("draining " + server.stats().allocations() + " allocations for up to "
                        + drain.toSeconds() + " s; new allocations are refused");
                server.close(drain);
            }
            context.err().println("stopping: " + describe(server.stats()));
        } finally {
            if (metrics != null) {
                metrics.stop(0);
            }
        }
        return 0;
    }

    /** A tiny HTTP endpoint: GET /metrics (Prometheus text) and GET /health; nothing else, no input parsed. */
    static com.sun.net.httpserver.HttpServer startMetrics(InetSocketAddress where, TurnServer server)
            throws java.io.IOException {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(where, 4);
        http.createContext("/metrics", exchange -> respond(exchange, "text/plain; version=0.0.4",
                server.stats().toPrometheus()));
        http.createContext("/health", exchange -> respond(exchange, "text/plain", "ok\n"));
        http.setExecutor(null);
        http.start();
        return http;
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String type, String body)
            throws java.io.IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    static TurnServer.Builder configure(ParsedOptions options) throws java.io.IOException {
        TurnServer.Builder b = TurnServer.builder();
        for (InetSocketAddress a : options.getSocketAddresses(LISTEN)) {
            b.listen(a);
        }
        List<InetSocketAddress> tls = options.getSocketAddresses(TLS_LISTEN);
        if (!tls.isEmpty()) {
            if (!options.has(CERT) || !options.has(KEY)) {
                throw new IllegalArgumentException("--tls-listen needs --cert FILE and --key FILE");
            }
            javax.net.ssl.SSLContext context = dev.nat4j.turn.server.PemTls.serverContext(
                    java.nio.file.Path.of(options.get(CERT)), java.nio.file.Path.of(options.get(KEY)));
            for (InetSocketAddress a : tls) {
                b.tlsListen(a, context);
            }
        }
        for (String ip : options.getAll(RELAY_IP)) {
            b.relayIp(SocketAddresses.resolve(ip));
        }
        if (options.has(EXTERNAL_IP)) {
            b.externalIp(options.getIp(EXTERNAL_IP));
        }
        b.realm(options.get(REALM));
        for (String user : options.getAll(USER)) {
            int colon = user.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--user wants NAME:PASSWORD");
            }
            b.user(user.substring(0, colon), user.substring(colon + 1));
        }
        if (options.has(AUTH_SECRET)) {
            b.authSecret(options.get(AUTH_SECRET));
        }
        if (options.getAll(USER).isEmpty() && !options.has(AUTH_SECRET)) {
            throw new IllegalArgumentException("give --user NAME:PASSWORD or --auth-secret SECRET: nobody could "
                    + "allocate otherwise");
        }
        for (String c : options.getAll(ALLOW_PEER)) {
            b.allowPeer(c);
        }
        for (String c : options.getAll(DENY_PEER)) {
            b.denyPeer(c);
        }
        String ports = options.get(RELAY_PORTS);
        int dash = ports.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("--relay-ports wants MIN-MAX");
        }
        try {
            b.relayPorts(Integer.parseInt(ports.substring(0, dash).trim()),
                    Integer.parseInt(ports.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--relay-ports wants MIN-MAX: " + ports);
        }
        b.quotas(options.getInt(MAX_ALLOCATIONS, 1, 1_000_000), options.getInt(USER_QUOTA, 1, 1_000_000),
                options.getInt(IP_QUOTA, 1, 1_000_000));
        b.maxPermissionsPerAllocation(options.getInt(MAX_PERMISSIONS, 1, 4096));
        b.unauthenticatedRepliesPerSecond(options.getInt(ERROR_RATE, 0, 1_000_000));
        b.maxBytesPerSecond(options.getLong(MAX_BPS, 0, Long.MAX_VALUE / 1_000_000_000L));
        b.legacyChannelNumbers(options.has(LEGACY_CHANNELS));
        return b;
    }

    /** One line of counters for the log at shutdown. */
    static String describe(TurnServerStats s) {
        return s.allocations() + " allocations live (" + s.allocationsTotal() + " total), "
                + s.packetsToPeers() + " packets / " + s.bytesToPeers() + " bytes to peers, "
                + s.packetsToClients() + " packets / " + s.bytesToClients() + " bytes to clients, "
                + s.authFailures() + " auth failures, " + s.errorResponses() + " errors, "
                + s.rateLimited() + " rate-limited, " + s.deniedPeers() + " denied peers, " + s.overLimit()
                + " over the bandwidth limit, " + s.dropped() + " dropped";
    }
}
