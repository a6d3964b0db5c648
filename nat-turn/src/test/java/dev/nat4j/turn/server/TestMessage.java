package dev.nat4j.turn.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.stun.auth.PasswordAlgorithmNegotiation;

/** Builds client requests for engine tests with the project's own codec, signed like a TURN client would. */
final class TestMessage {
    private final int method;
    private final MessageClass messageClass;
    private TransactionId id = TransactionId.random();
    private final List<StunAttribute> attributes = new ArrayList<>();
    private final List<Object[]> raw = new ArrayList<>();
    private String user;
    private String realm;
    private String nonce;
    private String password;
    private byte[] key;
    private boolean sha256;
    private boolean fingerprint;
    private final List<Object[]> trailing = new ArrayList<>();

    private TestMessage(int method, MessageClass messageClass) {
        this.method = method;
        this.messageClass = messageClass;
    }

    static TestMessage request(int method) {
        return new TestMessage(method, MessageClass.REQUEST);
    }

    static TestMessage indication(int method) {
        return new TestMessage(method, MessageClass.INDICATION);
    }

    TestMessage id(TransactionId value) {
        id = value;
        return this;
    }

    TransactionId id() {
        return id;
    }

    TestMessage add(StunAttribute... values) {
        attributes.addAll(List.of(values));
        return this;
    }

    TestMessage raw(int type, byte[] value) {
        raw.add(new Object[] {type, value});
        return this;
    }

    /** An attribute appended after MESSAGE-INTEGRITY (not covered by it). */
    TestMessage trailing(int type, byte[] value) {
        trailing.add(new Object[] {type, value});
        return this;
    }

    TestMessage auth(String username, String realmValue, String nonceValue, String passwordValue) {
        user = username;
        realm = realmValue;
        nonce = nonceValue;
        password = passwordValue;
        return this;
    }

    /** MI computed with this key instead of the password's (a forged or wrong key). */
    TestMessage key(byte[] value) {
        key = value;
        return this;
    }

    /** Negotiate SHA-256 keys and sign with MESSAGE-INTEGRITY-SHA256. */
    TestMessage sha256() {
        sha256 = true;
        return this;
    }

    TestMessage fingerprint() {
        fingerprint = true;
        return this;
    }

    ByteBuffer build() {
        ByteBuffer out = ByteBuffer.allocate(4096);
        StunWriter w = new StunWriter(out).start(method, messageClass, id);
        for (StunAttribute a : attributes) {
            w.add(a);
        }
        for (Object[] r : raw) {
            w.addRaw((Integer) r[0], (byte[]) r[1]);
        }
        if (user != null) {
            w.add(new Username(user)).add(new Realm(realm)).add(new Nonce(nonce));
            int algorithm = PasswordAlgorithm.MD5;
            if (sha256) {
                PasswordAlgorithms offered = PasswordAlgorithmNegotiation.defaultOffer();
                w.add(offered).add(PasswordAlgorithm.sha256());
                algorithm = PasswordAlgorithm.SHA256;
            }
            byte[] k = key != null ? key : LongTermCredentials.key(algorithm, user, realm, password);
            if (sha256) {
                w.addMessageIntegritySha256(k);
            } else {
                w.addMessageIntegrity(k);
            }
        }
        for (Object[] r : trailing) {
            w.addRaw((Integer) r[0], (byte[]) r[1]);
        }
        if (fingerprint) {
            w.addFingerprint();
        }
        ByteBuffer msg = w.finish();
        ByteBuffer copy = ByteBuffer.allocate(msg.remaining());
        copy.put(msg).flip();
        return copy;
    }
}
