package dev.nat4j.stun.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for localhost / 127.0.0.1 / ::1 made with the JDK's keytool (always present,
 * unlike openssl), as Java SSL contexts and as PEM files for coturn's {@code --cert} / {@code --pkey}.
 */
final class TestTls {
    private static final String PASSWORD = "nat4j-test";

    final SSLContext serverContext;
    final SSLContext clientContext;
    final Path certPem;
    final Path keyPem;

    private TestTls(SSLContext serverContext, SSLContext clientContext, Path certPem, Path keyPem) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.certPem = certPem;
        this.keyPem = keyPem;
    }

    static TestTls create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve("stun-server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "stun",
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=DNS:localhost,IP:127.0.0.1,IP:::1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + log);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        Certificate cert = keys.getCertificate("stun");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("stun", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        Path certPem = dir.resolve("stun-cert.pem");
        Path keyPem = dir.resolve("stun-key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        PrivateKey key = (PrivateKey) keys.getKey("stun", PASSWORD.toCharArray());
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
        return new TestTls(server, client, certPem, keyPem);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
