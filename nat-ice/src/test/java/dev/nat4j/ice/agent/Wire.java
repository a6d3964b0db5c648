package dev.nat4j.ice.agent;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.IceCredentials;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.IceControlled;
import dev.nat4j.stun.attribute.IceControlling;
import dev.nat4j.stun.attribute.Priority;
import dev.nat4j.stun.attribute.UseCandidate;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.ShortTermCredentials;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Hand-built STUN messages as a peer agent would send them, and helpers to drain an engine. */
final class Wire {
    static final IceCredentials LOCAL = new IceCredentials("LOCL", "localpassword0123456789");
    static final IceCredentials REMOTE = new IceCredentials("REMT", "remotepassword012345678");
    static final long PEER_PRIORITY = 1_862_270_975L;

    private Wire() {}

    /** What goes into a check; every field may be left out or spoilt. */
    static final class Request {
        String username = LOCAL.ufrag() + ":" + REMOTE.ufrag();
        byte[] key = ShortTermCredentials.key(LOCAL.password());
        Long priority = PEER_PRIORITY;
        Long controlling;
        Long controlled = 42L;
        boolean useCandidate;
        boolean fingerprint = true;
        TransactionId id = TransactionId.random();

        ByteBuffer build() {
            StunWriter w = new StunWriter(ByteBuffer.allocate(1500)).start(StunMethod.BINDING, MessageClass.REQUEST, id);
            if (username != null) {
                w.add(new Username(username));
            }
            if (priority != null) {
                w.add(new Priority(priority));
            }
            if (controlling != null) {
                w.add(new IceControlling(controlling));
            }
            if (controlled != null) {
                w.add(new IceControlled(controlled));
            }
            if (useCandidate) {
                w.add(UseCandidate.INSTANCE);
            }
            if (key != null) {
                w.addMessageIntegrity(key);
            }
            if (fingerprint) {
                w.addFingerprint();
            }
            return w.finish();
        }
    }

    static Request request() {
        return new Request();
    }

    /** A success response to {@code request} as the peer (whose password is REMOTE's) would send it. */
    static ByteBuffer success(StunMessage request, InetSocketAddress mapped, IceCredentials signer) {
        return new StunWriter(ByteBuffer.allocate(256))
                .start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, request.transactionId())
                .add(new XorMappedAddress(mapped))
                .addMessageIntegrity(ShortTermCredentials.key(signer.password()))
                .addFingerprint()
                .finish();
    }

    /** An error response to {@code request}, signed with {@code signer}'s password. */
    static ByteBuffer error(StunMessage request, int code, IceCredentials signer) {
        return new StunWriter(ByteBuffer.allocate(256))
                .start(StunMethod.BINDING, MessageClass.ERROR_RESPONSE, request.transactionId())
                .add(ErrorCode.of(code))
                .addMessageIntegrity(ShortTermCredentials.key(signer.password()))
                .addFingerprint()
                .finish();
    }

    /** Every transmit queued now. */
    static List<Transmit> drain(Engine<?> engine) {
        List<Transmit> out = new ArrayList<>();
        for (Transmit t; (t = engine.pollTransmit()) != null; ) {
            ByteBuffer copy = ByteBuffer.allocate(t.payload().remaining());
            copy.put(0, t.payload(), t.payload().position(), t.payload().remaining());
            out.add(new Transmit(t.source(), t.destination(), copy));
        }
        return out;
    }

    static <E> List<E> events(Engine<E> engine) {
        List<E> out = new ArrayList<>();
        for (E e; (e = engine.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    static StunMessage parse(Transmit t) {
        return StunMessage.parse(t.payload().duplicate());
    }

    static TransportAddress udp(String host, int port) {
        return TransportAddress.udp(new InetSocketAddress(host, port));
    }
}
