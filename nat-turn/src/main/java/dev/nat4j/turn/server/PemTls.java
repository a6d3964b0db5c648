package dev.nat4j.turn.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS server context from PEM files, the form certificates come in from ACME clients and coturn setups: a
 * certificate chain ({@code -----BEGIN CERTIFICATE-----}, leaf first) and an unencrypted PKCS#8 private key
 * ({@code -----BEGIN PRIVATE KEY-----}, RSA, EC or Ed25519).
 *
 * <pre>{@code
 * SSLContext tls = PemTls.serverContext(Path.of("fullchain.pem"), Path.of("privkey.pem"));
 * TurnServer.builder().tlsListen(new InetSocketAddress("0.0.0.0", 5349), tls) ...
 * }</pre>
 */
public final class PemTls {
    private PemTls() {}

    /**
     * Reads the chain and the key and builds a TLS server context.
     *
     * @throws IOException when a file cannot be read or holds no certificate / no PKCS#8 key
     */
    public static SSLContext serverContext(Path certificateChain, Path privateKey) throws IOException {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateChain)));
            if (chain.isEmpty()) {
                throw new IOException("no certificate in " + certificateChain);
            }
            PrivateKey key = readKey(Files.readString(privateKey, StandardCharsets.US_ASCII), privateKey);
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("turn", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context from " + certificateChain + " and " + privateKey + ": "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(String pem, Path where) throws IOException, GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("no unencrypted PKCS#8 key (BEGIN PRIVATE KEY) in " + where
                    + "; convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IOException("unsupported private key in " + where, last);
    }
}
