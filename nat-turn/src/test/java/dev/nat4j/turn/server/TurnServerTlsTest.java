package dev.nat4j.turn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.turn.client.RelayEndpoint;
import dev.nat4j.turn.client.RelayedPacket;
import dev.nat4j.turn.client.TurnClient;

/** TURN over TLS ({@code turns:}) with a certificate and key given as PEM files, as the CLI's --cert/--key take. */
@Timeout(60)
class TurnServerTlsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String PASSWORD = "changeit";

    @Test
    void allocateAndRelayOverTlsWithPemCredentials(@TempDir Path dir) throws Exception {
        KeyStore p12 = selfSigned(dir);
        Certificate cert = p12.getCertificate("server");
        PrivateKey key = (PrivateKey) p12.getKey("server", PASSWORD.toCharArray());
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        SSLContext server = PemTls.serverContext(certPem, keyPem);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (TurnServer turn = TurnServer.builder().listen(new InetSocketAddress(LOOPBACK, 0))
                .tlsListen(new InetSocketAddress(LOOPBACK, 0), server).relayIp(LOOPBACK).relayPorts(45000, 45050)
                .realm("tls").user("alice", "pw").allowPeer("127.0.0.1/32").eventListener(e -> { }).start();
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peer.setSoTimeout(5000);
            int port = -1;
            for (TransportAddress a : turn.localAddresses()) {
                if (a.transport() == Transport.TLS) {
                    port = a.port();
                }
            }
            try (TurnClient c = TurnClient.builder().server("turns:127.0.0.1:" + port + "?transport=tcp")
                    .sslContext(client).credentials("alice", "pw").build()) {
                RelayEndpoint relay = c.allocate().get(20, TimeUnit.SECONDS);
                InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
                byte[] msg = "over tls".getBytes(StandardCharsets.US_ASCII);
                DatagramPacket p = null;
                for (int attempt = 0; attempt < 10 && p == null; attempt++) {
                    relay.send(peerAddress, msg);
                    p = receive(peer, attempt == 9 ? 5000 : 500);
                }
                assertNotNull(p, "the peer never heard the client");
                assertArrayEquals(msg, Arrays.copyOf(p.getData(), p.getLength()));
                peer.send(new DatagramPacket(p.getData(), p.getLength(), relay.relayedAddress()));
                RelayedPacket back = relay.receive(Duration.ofSeconds(5));
                assertNotNull(back);
                assertArrayEquals(msg, back.bytes());
            }
        }
    }

    @Test
    void aKeyThatIsNotPkcs8IsAClearError(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        KeyStore p12 = selfSigned(dir);
        Files.writeString(cert, pem("CERTIFICATE", p12.getCertificate("server").getEncoded()));
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        IOException e = assertThrows(IOException.class, () -> PemTls.serverContext(cert, key));
        assertNotNull(e.getMessage());
    }

    private static KeyStore selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("keytool did not finish");
        }
        assertEquals(0, p.exitValue(), "keytool failed");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static DatagramPacket receive(DatagramSocket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(p);
            return p;
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
    }
}
