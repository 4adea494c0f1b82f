package io.github.redisauth.bench;

import io.github.redisauth.testkit.TestCertificates;
import javax.net.ssl.SSLContext;

/**
 * A TLS endpoint on loopback that trusts the testkit's CA: a {@code RedisServer} or an
 * {@code AuthGateway}.
 *
 * @param host the host name the certificate names ({@code localhost})
 * @param port the port
 */
record Endpoint(String host, int port) {

    /** @return the client TLS context trusting the testkit CA */
    SSLContext sslContext() {
        return TestCertificates.shared().clientSslContext();
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
