package io.github.redisauth.lettuce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and a server certificate for {@code localhost} and {@code 127.0.0.1}, made with the
 * {@code openssl} command (the cluster fixture needs the IP entry: nodes are announced by IP). The testkit's
 * server certificate is not used here because its extended key usage is serverAuth only, and Redis
 * requires the cluster bus peers to present a certificate valid for client authentication too.
 */
final class TestTls {

    private static TestTls shared;

    final Path dir;
    final Path ca;
    final Path cert;
    final Path key;

    private TestTls(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.cert = dir.resolve("server.pem");
        this.key = dir.resolve("server.key");
    }

    static synchronized TestTls shared() {
        if (shared == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "test-tls")).toAbsolutePath();
                TestTls tls = new TestTls(dir);
                if (!Files.exists(tls.cert)) {
                    Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
                    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                            "-days", "3", "-subj", "/CN=redis-auth-lettuce-test-ca");
                    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                            "-subj", "/CN=localhost");
                    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                            "-CAcreateserial", "-out", "server.pem", "-days", "3", "-extfile", "ext.cnf");
                }
                shared = tls;
            } catch (IOException e) {
                throw new IllegalStateException("cannot create test certificates", e);
            }
        }
        return shared;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("failed: " + String.join(" ", command) + " (see " + dir.resolve("openssl.log") + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
