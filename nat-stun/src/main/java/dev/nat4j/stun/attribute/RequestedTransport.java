package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * REQUESTED-TRANSPORT (RFC 8656 §18.6): the IP protocol number of the relayed transport an Allocate asks for, in the
 * first byte; the other three are RFFU.
 *
 * <p>Any protocol number decodes, so that a server can answer 442 (Unsupported Transport Protocol) rather than 400.
 *
 * @param protocol the IP protocol number: {@link #UDP} or {@link #TCP} (RFC 6062)
 */
public record RequestedTransport(int protocol) implements StunAttribute {
    public static final int CODE = 0x0019;
    /** IP protocol 17. */
    public static final int UDP = 17;
    /** IP protocol 6, for TURN TCP allocations (RFC 6062). */
    public static final int TCP = 6;
    public static final AttributeType<RequestedTransport> TYPE = new AttributeType<>(CODE, "REQUESTED-TRANSPORT",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "REQUESTED-TRANSPORT");
                return new RequestedTransport(m.buffer().get(offset) & 0xFF);
            });

    public RequestedTransport {
        Values.checkRange(protocol, 0, 0xFF, "REQUESTED-TRANSPORT protocol");
    }

    /** The UDP form. */
    public static RequestedTransport udp() {
        return new RequestedTransport(UDP);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU8(protocol).putU8(0).putU16(0);
    }
}
