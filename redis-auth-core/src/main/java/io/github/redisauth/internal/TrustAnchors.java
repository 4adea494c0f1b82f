package io.github.redisauth.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs a verification trusts (a PEM file, or the JDK default trust store) and the chain
 * validation against them. Validity dates are judged separately (the expiry check), so a chain is
 * validated at a moment inside the leaf's validity period: an expired certificate from a trusted CA
 * is "trusted but expired", not "untrusted".
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustAnchors {

    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> anchorCertificates;
    private final String description;

    private TrustAnchors(List<X509Certificate> certificates, String description) {
        this.anchorCertificates = Set.copyOf(certificates);
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate certificate : certificates) {
            set.add(new TrustAnchor(certificate, null));
        }
        this.anchors = Set.copyOf(set);
        this.description = description;
    }

    /**
     * Loads the CA certificates of a PEM file.
     *
     * @param file the PEM file
     * @return the anchors
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static TrustAnchors fromPemFile(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("caCertificate=" + file + " cannot be read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("caCertificate=" + file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("caCertificate=" + file + " holds no certificate: give a PEM file with BEGIN CERTIFICATE blocks");
        }
        return new TrustAnchors(certificates, "the CA file " + file);
    }

    /**
     * The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}).
     *
     * @return the anchors
     * @throws IllegalStateException when the JDK trust store cannot be loaded
     */
    public static TrustAnchors systemDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            List<X509Certificate> certificates = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    certificates.addAll(Arrays.asList(x509.getAcceptedIssuers()));
                }
            }
            return new TrustAnchors(certificates, "the default trust store");
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalStateException("cannot load the JDK default trust store: " + e.getMessage(), e);
        }
    }

    /** @return e.g. {@code the CA file /etc/ca.pem} */
    public String description() {
        return description;
    }

    /**
     * Validates a peer chain against these anchors (no revocation check), at the clock's time
     * clamped into the leaf's validity period.
     *
     * @param chain the peer chain, leaf first
     * @param now the current time
     * @return empty when trusted, else why not
     */
    public Optional<String> untrustedReason(List<X509Certificate> chain, Instant now) {
        if (chain.isEmpty()) {
            return Optional.of("the server sent no certificate");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && anchorCertificates.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        if (anchorCertificates.contains(path.get(0))) {
            return Optional.empty();
        }
        if (anchors.isEmpty()) {
            return Optional.of(description + " holds no CA certificate");
        }
        X509Certificate leaf = path.get(0);
        Instant from = leaf.getNotBefore().toInstant();
        Instant until = leaf.getNotAfter().toInstant();
        Instant at = now.isBefore(from) ? from : now.isAfter(until) ? until : now;
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(describe(e) + " (issuer " + path.get(path.size() - 1).getIssuerX500Principal().getName()
                    + ", not in " + description + ")");
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | CertificateException e) {
            return Optional.of("cannot validate the chain: " + e.getMessage());
        }
    }

    private static String describe(CertPathValidatorException e) {
        if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return "revocation status unknown";
        }
        String message = e.getMessage();
        return message == null ? e.getReason().toString() : message;
    }
}
