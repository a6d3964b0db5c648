package dev.nat4j.core.testing;

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
 * A throw-away self-signed certificate for {@code localhost} / 127.0.0.1 / ::1, made by the JDK's own keytool (always
 * present, unlike openssl) into a temporary keystore: as a server {@link SSLContext}, a client {@link SSLContext} that
 * trusts only this certificate, and PEM files for coturn's {@code --cert} / {@code --pkey}.
 *
 * <pre>{@code
 * TestTls tls = TestTls.create(tempDir);
 * SocketSpec listener = SocketSpec.tls(new InetSocketAddress(loopback, 0), tls.serverContext());
 * StunClient client = StunClient.builder().sslContext(tls.clientContext()).build();
 * }</pre>
 */
public final class TestTls {
    private static final String ALIAS = "server";
    private static final String PASSWORD = "nat4j-test";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private final Path certPem;
    private final Path keyPem;

    private TestTls(SSLContext serverContext, SSLContext clientContext, Path certPem, Path keyPem) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.certPem = certPem;
        this.keyPem = keyPem;
    }

    /**
     * Makes a new certificate with its key in a fresh subdirectory of {@code dir}, so that several certificates can
     * share one test directory.
     *
     * @param dir a directory the test owns, typically a JUnit {@code @TempDir}
     * @throws IOException if keytool is missing, fails or takes longer than a minute
     */
    public static TestTls create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path home = Files.createTempDirectory(dir, "tls-");
        Path store = home.resolve("server.p12");
        runKeytool(store);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        Certificate cert = keys.getCertificate(ALIAS);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        Path certPem = home.resolve("cert.pem");
        Path keyPem = home.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        PrivateKey key = (PrivateKey) keys.getKey(ALIAS, PASSWORD.toCharArray());
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8, which OpenSSL (coturn) reads
        return new TestTls(server, client, certPem, keyPem);
    }

    // RSA rather than EC: coturn's OpenSSL setup is known to accept it, and one key type keeps every test alike.
    private static void runKeytool(Path store) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=DNS:localhost,IP:127.0.0.1,IP:::1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        // keytool writes little and then exits, so reading to the end cannot block past its exit.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish: " + output);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + output);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Server side: presents the certificate. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** Client side: trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        return clientContext;
    }

    /** The certificate as a PEM file. */
    public Path certPem() {
        return certPem;
    }

    /** The unencrypted private key as a PKCS#8 PEM file. */
    public Path keyPem() {
        return keyPem;
    }
}
