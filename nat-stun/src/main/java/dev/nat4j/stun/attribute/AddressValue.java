package dev.nat4j.stun.attribute;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;

/** Decoding of the address value shared by MAPPED-ADDRESS and the XOR-*-ADDRESS attributes (RFC 8489 §14.1-14.2). */
final class AddressValue {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private AddressValue() {}

    static InetSocketAddress decode(StunMessage message, int offset, int length, boolean xor) {
        if (length < 4) {
            throw new StunParseException("address attribute too short");
        }
        ByteBuffer b = message.buffer();
        int family = b.get(offset + 1) & 0xFF;
        int addressLength;
        if (family == FAMILY_IPV4) {
            addressLength = 4;
        } else if (family == FAMILY_IPV6) {
            addressLength = 16;
        } else {
            throw new StunParseException("unknown address family " + family);
        }
        if (length != 4 + addressLength) {
            throw new StunParseException("address attribute length does not match its family");
        }
        int port = b.getShort(offset + 2) & 0xFFFF;
        byte[] raw = new byte[addressLength];
        b.get(offset + 4, raw);
        if (xor) {
            port ^= StunMessage.MAGIC_COOKIE >>> 16;
            for (int i = 0; i < addressLength; i++) {
                raw[i] ^= i < 4 ? (byte) (StunMessage.MAGIC_COOKIE >>> (24 - 8 * i)) : message.transactionIdByte(i - 4);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(raw), port);
        } catch (UnknownHostException e) {
            throw new StunParseException("bad address bytes"); // unreachable: length is 4 or 16
        }
    }

    /** The family byte of the address at {@code offset}, for REQUESTED-ADDRESS-FAMILY checks without decoding. */
    static int family(StunMessage message, int offset) {
        return message.buffer().get(offset + 1) & 0xFF;
    }
}
