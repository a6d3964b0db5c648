package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * CHANGE-REQUEST (RFC 5780 §7.2): asks the server to answer from its other IP and/or other port, to test filtering.
 *
 * @param changeIp   answer from the other IP address
 * @param changePort answer from the other port
 */
public record ChangeRequest(boolean changeIp, boolean changePort) implements StunAttribute {
    public static final int CODE = 0x0003;
    private static final int CHANGE_IP = 0x04;
    private static final int CHANGE_PORT = 0x02;
    public static final AttributeType<ChangeRequest> TYPE = new AttributeType<>(CODE, "CHANGE-REQUEST",
            (m, offset, length) -> {
                if (length != 4) {
                    throw new StunParseException("CHANGE-REQUEST must be 4 bytes");
                }
                int flags = m.buffer().getInt(offset);
                return new ChangeRequest((flags & CHANGE_IP) != 0, (flags & CHANGE_PORT) != 0);
            });

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU32((changeIp ? CHANGE_IP : 0) | (changePort ? CHANGE_PORT : 0));
    }
}
