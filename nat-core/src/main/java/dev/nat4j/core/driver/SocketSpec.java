package dev.nat4j.core.driver;

import java.net.InetSocketAddress;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import dev.nat4j.core.Transport;

/**
 * A local socket for the driver to open for an engine: a bound UDP socket, a TCP listener or a TLS listener.
 *
 * <p>Port 0 picks a free port; {@link EngineHandle#localAddresses()} tells which. Connections accepted on a listener
 * belong to the listener's engine.
 *
 * <pre>{@code
 * List<SocketSpec> sockets = List.of(
 *         SocketSpec.udp(new InetSocketAddress("192.0.2.1", 3478)),
 *         SocketSpec.udp(new InetSocketAddress("192.0.2.2", 3479)),
 *         SocketSpec.tcp(new InetSocketAddress("192.0.2.1", 3478)),
 *         SocketSpec.tls(new InetSocketAddress("192.0.2.1", 5349), sslContext));
 * }</pre>
 *
 * @param transport  UDP, or TCP/TLS for a listener
 * @param bind       the address to bind to
 * @param sslContext the server context of a TLS listener; {@code null} otherwise
 */
public record SocketSpec(Transport transport, InetSocketAddress bind, SSLContext sslContext) {

    /** Checks that the address is resolved and that a TLS listener, and only it, has a context. */
    public SocketSpec {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(bind, "bind");
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("unresolved bind address: " + bind);
        }
        if ((transport == Transport.TLS) != (sslContext != null)) {
            throw new IllegalArgumentException("an SSLContext is required for TLS and only for TLS");
        }
    }

    /** A UDP socket bound to {@code bind}. */
    public static SocketSpec udp(InetSocketAddress bind) {
        return new SocketSpec(Transport.UDP, bind, null);
    }

    /** A TCP listener on {@code bind}. */
    public static SocketSpec tcp(InetSocketAddress bind) {
        return new SocketSpec(Transport.TCP, bind, null);
    }

    /** A TLS listener on {@code bind}, handshaking as a server with {@code serverContext}. */
    public static SocketSpec tls(InetSocketAddress bind, SSLContext serverContext) {
        return new SocketSpec(Transport.TLS, bind, Objects.requireNonNull(serverContext, "serverContext"));
    }
}
