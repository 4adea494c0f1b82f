package io.github.redisauth.testkit;

import io.github.redisauth.testkit.internal.CertificateGenerator;
import io.github.redisauth.testkit.internal.CertificateGenerator.Issued;
import io.github.redisauth.testkit.internal.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test PKI made at test time with BouncyCastle (EC P-256 keys): a CA, an unrelated CA, and
 * server certificates for {@code localhost}/{@code 127.0.0.1} in several states, written as PEM
 * files under a directory.
 *
 * <p>Instances are immutable and thread-safe. {@link #generate(Path)} makes one set per
 * directory per JVM (later calls return the cached set; files of an earlier JVM are
 * overwritten).
 */
public final class TestCertificates {

    private static final Map<Path, TestCertificates> BY_DIRECTORY = new ConcurrentHashMap<>();
    private static final List<String> LOCAL_DNS = List.of("localhost");
    private static final List<String> LOCAL_IP = List.of("127.0.0.1");

    private final Path caCertificate;
    private final Path unrelatedCaCertificate;
    private final ServerCertificate server;
    private final ServerCertificate expired;
    private final ServerCertificate otherHost;
    private final ServerCertificate expiringSoon;
    private final KeyStore trustStore;
    private final SSLContext clientSslContext;

    private TestCertificates(Path dir) {
        Issued ca = CertificateGenerator.certificateAuthority("redis-auth-testkit CA");
        Issued unrelated = CertificateGenerator.certificateAuthority("redis-auth-testkit unrelated CA");
        Instant now = Instant.now();
        caCertificate = writeCa(dir.resolve("ca.pem"), ca);
        unrelatedCaCertificate = writeCa(dir.resolve("unrelated-ca.pem"), unrelated);
        server = issue(dir, "server", ca, LOCAL_DNS, LOCAL_IP,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        expired = issue(dir, "expired", ca, LOCAL_DNS, LOCAL_IP,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        otherHost = issue(dir, "other-host", ca, List.of("other.example.com"), List.of(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        expiringSoon = issue(dir, "expiring-soon", ca, LOCAL_DNS, LOCAL_IP,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        trustStore = trustStoreOf(ca.certificate());
        clientSslContext = sslContextTrusting(trustStore);
    }

    /**
     * Makes (once per directory per JVM) the whole set under {@code dir}, creating it if needed.
     *
     * @param dir where the PEM files go
     * @return the set for that directory
     * @throws UncheckedIOException when files cannot be written
     * @throws IllegalStateException when key or certificate generation fails
     */
    public static TestCertificates generate(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        return BY_DIRECTORY.computeIfAbsent(key, TestCertificates::new);
    }

    /**
     * The JVM-wide set, under {@code target/redis-auth-testkit/certs/jvm-<pid>} (or the same
     * under {@code java.io.tmpdir} when there is no {@code target/}). Per-JVM directories keep
     * concurrently running JVMs (e.g. a child JVM in a test) from overwriting each other's files.
     * The directory is deleted on normal JVM exit.
     *
     * @return the JVM-wide set
     */
    public static TestCertificates shared() {
        return Shared.INSTANCE;
    }

    /** Lazy holder of the JVM-wide set; its directory is deleted on normal JVM exit. */
    private static final class Shared {
        static final TestCertificates INSTANCE = createShared();

        private static TestCertificates createShared() {
            Path dir = Workspace.root().resolve("certs").resolve("jvm-" + ProcessHandle.current().pid());
            TestCertificates certs = generate(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "redis-auth-testkit-certs-cleanup"));
            return certs;
        }

        private static void deleteQuietly(Path dir) {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort
            }
        }
    }

    /** {@return PEM file of the test CA that signed every server certificate here} */
    public Path caCertificate() {
        return caCertificate;
    }

    /** {@return PEM file of a CA that signed none of the certificates served by the testkit} */
    public Path unrelatedCaCertificate() {
        return unrelatedCaCertificate;
    }

    /** {@return valid for a year, SAN DNS:localhost and IP:127.0.0.1, signed by the CA} */
    public ServerCertificate server() {
        return server;
    }

    /** {@return same SANs as {@link #server()}, signed by the CA, expired yesterday} */
    public ServerCertificate expired() {
        return expired;
    }

    /** {@return valid, signed by the CA, SAN DNS:other.example.com only (hostname verification of localhost fails)} */
    public ServerCertificate otherHost() {
        return otherHost;
    }

    /** {@return valid, signed by the CA, SANs localhost/127.0.0.1, expires ten days after generation} */
    public ServerCertificate expiringSoon() {
        return expiringSoon;
    }

    /** {@return A PKCS12 key store (no password) with the CA certificate as trusted entry {@code redis-auth-testkit-ca}} */
    public KeyStore trustStore() {
        return trustStore;
    }

    /** {@return A TLS client context trusting only the test CA (hostname verification is up to the client)} */
    public SSLContext clientSslContext() {
        return clientSslContext;
    }

    /**
     * A TLS client context trusting only the CA certificate(s) in a PEM file, e.g.
     * {@link #unrelatedCaCertificate()}.
     *
     * @param caPem PEM file with the CA certificate to trust (the first one is used)
     * @return a context whose trust manager trusts only that CA
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalStateException when it holds no certificate
     */
    public static SSLContext sslContextTrusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return sslContextTrusting(trustStoreOf(ca));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no certificate in " + caPem, e);
        }
    }

    private static SSLContext sslContextTrusting(KeyStore trustStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS client context", e);
        }
    }

    private static KeyStore trustStoreOf(X509Certificate ca) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("redis-auth-testkit-ca", ca);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build trust store", e);
        }
    }

    private static Path writeCa(Path file, Issued ca) {
        CertificateGenerator.writeAtomically(file, CertificateGenerator.pem(ca.certificate()), false);
        return file;
    }

    private static ServerCertificate issue(Path dir, String name, Issued ca, List<String> dns, List<String> ips,
                                           Instant notBefore, Instant notAfter) {
        Issued issued = CertificateGenerator.serverCertificate(ca, dns, ips, notBefore, notAfter);
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Path chain = dir.resolve(name + "-chain.pem");
        CertificateGenerator.writeAtomically(cert, CertificateGenerator.pem(issued.certificate()), false);
        CertificateGenerator.writeAtomically(key, CertificateGenerator.pkcs8Pem(issued.keys().getPrivate()), true);
        CertificateGenerator.writeAtomically(chain, CertificateGenerator.pem(issued.certificate(), ca.certificate()), false);
        return new ServerCertificate(name, cert, key, chain, issued.certificate());
    }
}
