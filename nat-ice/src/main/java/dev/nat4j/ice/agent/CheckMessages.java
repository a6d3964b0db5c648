package dev.nat4j.ice.agent;

import dev.nat4j.ice.IceRole;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.IceControlled;
import dev.nat4j.stun.attribute.IceControlling;
import dev.nat4j.stun.attribute.Priority;
import dev.nat4j.stun.attribute.UnknownAttributes;
import dev.nat4j.stun.attribute.UseCandidate;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Builds the STUN messages of connectivity checks (RFC 8445 §7.2.2, §7.3). Each call returns a fresh buffer. */
final class CheckMessages {
    private CheckMessages() {}

    /** A Binding request: USERNAME, PRIORITY, role + tie-breaker, USE-CANDIDATE if nominating, MI, FINGERPRINT. */
    static ByteBuffer request(TransactionId id, String username, long priority, IceRole role, long tieBreaker,
            boolean useCandidate, byte[] remoteKey) {
        StunWriter w = new StunWriter(ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE))
                .start(StunMethod.BINDING, MessageClass.REQUEST, id)
                .add(new Username(username))
                .add(new Priority(priority))
                .add(role == IceRole.CONTROLLING ? new IceControlling(tieBreaker) : new IceControlled(tieBreaker));
        if (useCandidate) {
            w.add(UseCandidate.INSTANCE);
        }
        return w.addMessageIntegrity(remoteKey).addFingerprint().finish();
    }

    /** A Binding indication with FINGERPRINT: the keepalive of RFC 8445 §11, which needs no answer. */
    static ByteBuffer keepalive(TransactionId id) {
        return new StunWriter(ByteBuffer.allocate(32))
                .start(StunMethod.BINDING, MessageClass.INDICATION, id)
                .addFingerprint()
                .finish();
    }

    /** A success response with the request's source as XOR-MAPPED-ADDRESS, signed with our password. */
    static ByteBuffer success(TransactionId id, InetSocketAddress mapped, byte[] localKey) {
        return new StunWriter(ByteBuffer.allocate(128))
                .start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, id)
                .add(new XorMappedAddress(mapped))
                .addMessageIntegrity(localKey)
                .addFingerprint()
                .finish();
    }

    /**
     * An error response; signed only when the request was authenticated ({@code localKey} non-null), as RFC 8489
     * §9.1.3 requires for 400 and 401.
     */
    static ByteBuffer error(TransactionId id, int code, int[] unknown, byte[] localKey) {
        StunWriter w = new StunWriter(ByteBuffer.allocate(256))
                .start(StunMethod.BINDING, MessageClass.ERROR_RESPONSE, id)
                .add(ErrorCode.of(code));
        if (unknown != null && unknown.length > 0) {
            w.add(new UnknownAttributes(unknown));
        }
        if (localKey != null) {
            w.addMessageIntegrity(localKey);
        }
        return w.addFingerprint().finish();
    }
}
