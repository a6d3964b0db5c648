package dev.nat4j.turn.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.AdditionalAddressFamily;
import dev.nat4j.stun.attribute.AlternateServer;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Data;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.Userhash;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.stun.auth.NonceCookie;
import dev.nat4j.turn.ChannelData;

/**
 * A scripted TURN server written with the codec, for engine tests on explicit time: it authenticates with the
 * long-term mechanism (MD5, or SHA-256 offered through the nonce cookie, optionally USERHASH) and can be told to
 * misbehave (401 or 438 forever, N stale nonces, 300 redirects, bad integrity, oversized REALM, 437, silence).
 */
final class ScriptedTurnServer {
    final InetSocketAddress address;
    String realm = "nat4j.test";
    String user = "alice";
    String password = "secret";
    boolean sha256;
    boolean userhash;
    boolean always401;
    boolean always438;
    int staleNonces;
    InetSocketAddress alternate;
    boolean badIntegrity;
    boolean oversizedRealm;
    boolean silent;
    int mismatchOn = -1;
    long grantedLifetime = 600;
    InetSocketAddress relayed4 = new InetSocketAddress("203.0.113.5", 49152);
    InetSocketAddress relayed6 = new InetSocketAddress("2001:db8::5", 49153);
    InetSocketAddress mapped = new InetSocketAddress("198.51.100.7", 40000);

    final List<StunMessage> requests = new ArrayList<>();
    final List<Relayed> sendIndications = new ArrayList<>();
    final List<Relayed> channelData = new ArrayList<>();
    final Set<InetAddress> permissions = new HashSet<>();
    int bindingIndications;
    int allocations;
    final Map<Integer, InetSocketAddress> channels = new HashMap<>();
    private int nonceCounter;
    private String nonce;

    record Relayed(InetSocketAddress peer, String text, int channel) {
    }

    ScriptedTurnServer(InetSocketAddress address) {
        this.address = address;
        rotateNonce();
    }

    private void rotateNonce() {
        int features = (sha256 ? NonceCookie.PASSWORD_ALGORITHMS : 0) | (userhash ? NonceCookie.USERNAME_ANONYMITY : 0);
        String opaque = "n" + (++nonceCounter) + "x" + Integer.toHexString(address.getPort());
        nonce = features != 0 ? NonceCookie.nonce(features, opaque) : opaque;
    }

    /** Applies settings that change the nonce's cookie. */
    ScriptedTurnServer securityFeatures(boolean useSha256, boolean useUserhash) {
        this.sha256 = useSha256;
        this.userhash = useUserhash;
        rotateNonce();
        return this;
    }

    /** Requests of {@code method} seen so far. */
    List<StunMessage> requests(int method) {
        return requests.stream().filter(m -> m.method() == method).toList();
    }

    /** Answers to one datagram from the client. */
    List<ByteBuffer> handle(ByteBuffer datagram) {
        List<ByteBuffer> out = new ArrayList<>();
        if (silent) {
            return out;
        }
        if (ChannelData.isChannelData(datagram)) {
            int n = ChannelData.validLength(datagram, false);
            int ch = ChannelData.channelNumber(datagram);
            byte[] b = new byte[n];
            datagram.get(datagram.position() + 4, b);
            channelData.add(new Relayed(channels.get(ch), new String(b, StandardCharsets.UTF_8), ch));
            return out;
        }
        StunMessage m = StunMessage.parse(datagram).copy();
        if (m.isIndication() && m.method() == StunMethod.SEND) {
            byte[] b = m.get(Data.TYPE).bytes();
            sendIndications.add(new Relayed(m.get(XorPeerAddress.TYPE).address(),
                    new String(b, StandardCharsets.UTF_8), 0));
            return out;
        }
        if (m.isIndication() && m.method() == StunMethod.BINDING) {
            bindingIndications++;
            return out;
        }
        if (!m.isRequest()) {
            return out;
        }
        requests.add(m);
        TransactionId id = m.transactionId();
        if (alternate != null && m.method() == StunMethod.ALLOCATE) {
            out.add(error(m, 300, w -> w.add(new AlternateServer(alternate))));
            return out;
        }
        boolean signed = m.integrityIndex() >= 0 || m.integritySha256Index() >= 0;
        if (!signed || always401) {
            out.add(challenge(m, 401));
            return out;
        }
        String sentNonce = m.get(Nonce.TYPE).value();
        if (!sentNonce.equals(nonce)) {
            out.add(challenge(m, 438));
            return out;
        }
        if (always438 || staleNonces > 0) {
            staleNonces = Math.max(0, staleNonces - 1);
            rotateNonce();
            out.add(challenge(m, 438));
            return out;
        }
        int algorithm = PasswordAlgorithm.MD5;
        if (m.has(PasswordAlgorithm.CODE)) {
            algorithm = m.get(PasswordAlgorithm.TYPE).algorithm();
        }
        if (userhash) {
            Userhash h = m.get(Userhash.TYPE);
            if (h == null || !java.util.Arrays.equals(h.hash(), LongTermCredentials.userhash(user, realm))) {
                out.add(challenge(m, 401));
                return out;
            }
        } else {
            Username u = m.get(Username.TYPE);
            if (u == null || !u.value().equals(user)) {
                out.add(challenge(m, 401));
                return out;
            }
        }
        byte[] key = LongTermCredentials.key(algorithm, user, realm, password);
        if (!IntegrityCodec.verify(m, key)) {
            out.add(challenge(m, 401));
            return out;
        }
        boolean useSha256 = m.integritySha256Index() >= 0;
        byte[] signKey = badIntegrity ? "wrong".getBytes(StandardCharsets.UTF_8) : key;
        if (m.method() == mismatchOn) {
            out.add(signed(error(m, 437, w -> { }), signKey, useSha256, id, m));
            return out;
        }
        out.add(process(m, signKey, useSha256));
        return out;
    }

    private ByteBuffer process(StunMessage m, byte[] key, boolean useSha256) {
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        StunWriter w = new StunWriter(buffer).start(m.method(), MessageClass.SUCCESS_RESPONSE, m.transactionId());
        switch (m.method()) {
            case StunMethod.ALLOCATE -> {
                allocations++;
                w.add(new XorRelayedAddress(relayed4));
                if (m.has(AdditionalAddressFamily.CODE)) {
                    w.add(new XorRelayedAddress(relayed6));
                }
                w.add(new XorMappedAddress(mapped)).add(new Lifetime(grantedLifetime));
            }
            case StunMethod.REFRESH -> {
                Lifetime asked = m.get(Lifetime.TYPE);
                w.add(new Lifetime(asked != null && asked.seconds() == 0 ? 0 : grantedLifetime));
            }
            case StunMethod.CREATE_PERMISSION -> permissions.add(m.get(XorPeerAddress.TYPE).address().getAddress());
            case StunMethod.CHANNEL_BIND -> {
                InetSocketAddress peer = m.get(XorPeerAddress.TYPE).address();
                channels.put(m.get(ChannelNumber.TYPE).number(), peer);
                permissions.add(peer.getAddress());
            }
            default -> { }
        }
        if (useSha256) {
            w.addMessageIntegritySha256(key);
        } else {
            w.addMessageIntegrity(key);
        }
        return copy(w.finish());
    }

    private ByteBuffer signed(ByteBuffer unsignedError, byte[] key, boolean useSha256, TransactionId id,
            StunMessage request) {
        StunMessage e = StunMessage.parse(unsignedError);
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        StunWriter w = new StunWriter(buffer).start(request.method(), MessageClass.ERROR_RESPONSE, id)
                .add(e.get(ErrorCode.TYPE));
        if (useSha256) {
            w.addMessageIntegritySha256(key);
        } else {
            w.addMessageIntegrity(key);
        }
        return copy(w.finish());
    }

    private ByteBuffer challenge(StunMessage m, int code) {
        return error(m, code, w -> {
            if (oversizedRealm) {
                w.addRaw(Realm.CODE, "r".repeat(900).getBytes(StandardCharsets.UTF_8));
            } else {
                w.add(new Realm(realm));
            }
            w.add(new Nonce(nonce));
            if (sha256) {
                w.add(PasswordAlgorithms.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5));
            }
        });
    }

    private static ByteBuffer error(StunMessage m, int code, java.util.function.Consumer<StunWriter> more) {
        ByteBuffer buffer = ByteBuffer.allocate(2000);
        StunWriter w = new StunWriter(buffer).start(m.method(), MessageClass.ERROR_RESPONSE, m.transactionId())
                .add(ErrorCode.of(code));
        more.accept(w);
        return copy(w.finish());
    }

    /** A Data indication from {@code peer} carrying {@code text}. */
    ByteBuffer dataIndication(InetSocketAddress peer, String text) {
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        return copy(new StunWriter(buffer).start(StunMethod.DATA, MessageClass.INDICATION, TransactionId.random())
                .add(new XorPeerAddress(peer)).add(new Data(text.getBytes(StandardCharsets.UTF_8))).finish());
    }

    /** ChannelData on {@code channel} carrying {@code text}. */
    static ByteBuffer channelData(int channel, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + b.length);
        ChannelData.writeHeader(out, 0, channel, b.length);
        out.put(4, b);
        return out;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(0, b, b.position(), b.remaining());
        return c;
    }
}
