package dev.nat4j.stun.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunAttribute;

/**
 * What one Binding request asks for: where it goes, over what, from which local socket, and which attributes it
 * carries besides the header. Immutable; the {@code with*} methods return changed copies.
 *
 * <pre>{@code
 * BindingRequest plain = BindingRequest.to(server);
 * BindingRequest changeIp = BindingRequest.to(server)
 *         .from(localSocket)
 *         .with(new ChangeRequest(true, true))
 *         .withTag("test II");
 * }</pre>
 *
 * @param destination the server (resolved)
 * @param transport   UDP (retransmitted) or TCP/TLS (sent once, over an open connection)
 * @param source      the local transport address to send from, or {@code null} for the driver's default socket; over
 *                    TCP/TLS it names the connection (its local end)
 * @param attributes  extra attributes in order (CHANGE-REQUEST, RESPONSE-PORT, PADDING, SOFTWARE, ...)
 * @param fingerprint whether to end the request with FINGERPRINT
 * @param tag         anything the caller wants back in the outcome; may be {@code null}
 */
public record BindingRequest(InetSocketAddress destination, Transport transport, TransportAddress source,
        List<StunAttribute> attributes, boolean fingerprint, Object tag) {

    public BindingRequest {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(transport, "transport");
        if (destination.isUnresolved()) {
            throw new IllegalArgumentException("unresolved destination: " + destination);
        }
        if (source != null && source.transport() != transport) {
            throw new IllegalArgumentException("source " + source + " is not " + transport.token());
        }
        attributes = List.copyOf(attributes);
    }

    /** A Binding request to {@code server} over UDP from the default socket, with FINGERPRINT and nothing else. */
    public static BindingRequest to(InetSocketAddress server) {
        return to(server, Transport.UDP);
    }

    /** A Binding request to {@code server} over {@code transport}, with FINGERPRINT and nothing else. */
    public static BindingRequest to(InetSocketAddress server, Transport transport) {
        return new BindingRequest(server, transport, null, List.of(), true, null);
    }

    /** This request sent from {@code local}; the transport becomes the source's. */
    public BindingRequest from(TransportAddress local) {
        return new BindingRequest(destination, local != null ? local.transport() : transport, local, attributes,
                fingerprint, tag);
    }

    /** This request with {@code extra} appended to its attributes. */
    public BindingRequest with(StunAttribute... extra) {
        List<StunAttribute> all = new ArrayList<>(attributes);
        all.addAll(List.of(extra));
        return new BindingRequest(destination, transport, source, all, fingerprint, tag);
    }

    /** This request with or without FINGERPRINT. */
    public BindingRequest withFingerprint(boolean on) {
        return new BindingRequest(destination, transport, source, attributes, on, tag);
    }

    /** This request carrying {@code newTag} back in its outcome. */
    public BindingRequest withTag(Object newTag) {
        return new BindingRequest(destination, transport, source, attributes, fingerprint, newTag);
    }
}
