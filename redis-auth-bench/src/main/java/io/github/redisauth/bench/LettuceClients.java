package io.github.redisauth.bench;

import io.github.redisauth.TokenSource;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/**
 * The Lettuce clients the benchmarks compare: redis-auth-lettuce ({@link RedisAuthClient}) and
 * stock Lettuce 7.7 with one static token, both over TLS with full host name verification and a
 * 5-second command timeout; everything else each one's defaults.
 */
final class LettuceClients {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private LettuceClients() {
    }

    static SslOptions sslOptions() {
        return SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build();
    }

    /** @return our client; connects nothing yet */
    static RedisAuthClient ours(Endpoint endpoint, TokenSource tokens) {
        return RedisAuthClient.create(LettuceAuthConfig.builder()
                .endpoint(RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port()).withSsl(true)
                        .withTimeout(COMMAND_TIMEOUT).build())
                .tokenSource(tokens)
                .sslOptions(sslOptions())
                .build());
    }

    /** @return stock Lettuce's client with the options the stock URI needs */
    static RedisClient stock() {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().sslOptions(sslOptions())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        return client;
    }

    /** @return the stock client's endpoint with a static token */
    static RedisURI stockUri(Endpoint endpoint, String token) {
        return RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port()).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withPassword(token.toCharArray()).withTimeout(COMMAND_TIMEOUT).build();
    }

    static void shutdown(RedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
