package io.github.redisauth.bench;

import io.github.redisauth.TokenSource;
import io.github.redisauth.jedis.JedisAuthConfig;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * The Jedis clients the benchmarks compare: redis-auth-jedis ({@link JedisAuthConfig}) and stock
 * Jedis 8 with one static token, both over TLS with host name verification.
 */
final class JedisClients {

    private JedisClients() {
    }

    /**
     * @param endpoint the server
     * @param tokens the token source
     * @param retry whether the idempotent retry is on (10 attempts, 100 ms apart)
     * @return our configuration
     */
    static JedisAuthConfig.Builder ours(Endpoint endpoint, TokenSource tokens, boolean retry) {
        return JedisAuthConfig.builder()
                .endpoint(endpoint.host(), endpoint.port())
                .sslContext(endpoint.sslContext())
                .tokenSource(tokens)
                .idempotentRetry(retry)
                .retryMaxAttempts(10)
                .retryWait(Duration.ofMillis(100));
    }

    /**
     * Stock Jedis's client settings: the token as password, TLS with host name verification;
     * everything else Jedis's defaults.
     *
     * @param endpoint the server
     * @param token the static token
     * @return the settings
     */
    @SuppressWarnings("deprecation") // sslSocketFactory/sslParameters: Jedis 8's classic TLS settings
    static JedisClientConfig stockConfig(Endpoint endpoint, String token) {
        SSLContext tls = endpoint.sslContext();
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return DefaultJedisClientConfig.builder().password(token).ssl(true)
                .sslSocketFactory(tls.getSocketFactory()).sslParameters(parameters).build();
    }

    /** @return stock Jedis's pooled {@code RedisClient} with a static token */
    static RedisClient stockRedisClient(Endpoint endpoint, String token) {
        return RedisClient.builder()
                .hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(stockConfig(endpoint, token))
                .build();
    }

    /**
     * A stock {@link JedisPool} that keeps no idle connection: every borrow opens a connection.
     *
     * @return the pool
     */
    @SuppressWarnings("deprecation") // JedisPool
    static JedisPool stockPoolWithoutIdle(Endpoint endpoint, String token) {
        return new JedisPool(noIdle(), new HostAndPort(endpoint.host(), endpoint.port()), stockConfig(endpoint, token));
    }

    /** @return our {@link JedisPool} that keeps no idle connection: every borrow opens a connection */
    @SuppressWarnings("deprecation") // JedisPool
    static JedisPool oursPoolWithoutIdle(Endpoint endpoint, TokenSource tokens) {
        return ours(endpoint, tokens, false).jedisPoolConfig(noIdle()).build().createJedisPool();
    }

    private static JedisPoolConfig noIdle() {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxIdle(0);
        config.setMinIdle(0);
        config.setMaxTotal(8);
        config.setJmxEnabled(false);
        return config;
    }

    /** Opens one connection from {@code pool}, runs PING, closes it: the connect under test. */
    @SuppressWarnings("deprecation") // JedisPool
    static long timedConnectAndPing(JedisPool pool) {
        long start = System.nanoTime();
        Jedis jedis = pool.getResource();
        jedis.ping();
        long elapsed = System.nanoTime() - start;
        jedis.close();
        return elapsed;
    }
}
