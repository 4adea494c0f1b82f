package io.github.redisauth.testkit;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A server certificate made by {@link TestCertificates}: PEM files on disk plus the parsed
 * certificate. Immutable and thread-safe.
 */
public final class ServerCertificate {

    private final String name;
    private final Path certificate;
    private final Path privateKey;
    private final Path chain;
    private final X509Certificate x509;

    ServerCertificate(String name, Path certificate, Path privateKey, Path chain, X509Certificate x509) {
        this.name = Objects.requireNonNull(name);
        this.certificate = Objects.requireNonNull(certificate);
        this.privateKey = Objects.requireNonNull(privateKey);
        this.chain = Objects.requireNonNull(chain);
        this.x509 = Objects.requireNonNull(x509);
    }

    /** {@return the PEM file holding only this certificate} */
    public Path certificate() {
        return certificate;
    }

    /** {@return the PEM file holding the unencrypted PKCS8 private key ({@code BEGIN PRIVATE KEY}), mode 600} */
    public Path privateKey() {
        return privateKey;
    }

    /** {@return the PEM file holding this certificate followed by the CA certificate that signed it} */
    public Path chain() {
        return chain;
    }

    /** {@return the certificate itself} */
    public X509Certificate x509() {
        return x509;
    }

    /** Short description: name, subject and validity; never key material. */
    @Override
    public String toString() {
        return "ServerCertificate[" + name + ", " + x509.getSubjectX500Principal().getName()
                + ", notAfter=" + x509.getNotAfter().toInstant() + "]";
    }
}
