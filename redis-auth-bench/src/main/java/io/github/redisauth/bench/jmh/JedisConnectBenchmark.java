package io.github.redisauth.bench.jmh;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * JMH: one TCP + TLS + AUTH connect and the first PING through a {@code JedisPool} that keeps no
 * idle connection, redis-auth-jedis ({@code client=ours}) against stock Jedis with a static token
 * ({@code client=stock}), on a Redis server with TLS started in the benchmark's JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JedisConnectBenchmark {

    /** {@code ours} or {@code stock}. */
    @Param({"ours", "stock"})
    public String client;

    private RedisServer server;
    private JedisPool pool;

    /** Starts the server and the pool under test. */
    @Setup(Level.Trial)
    @SuppressWarnings("deprecation") // JedisPool, Jedis 8's classic TLS settings
    public void start() {
        String token = "benchJmhToken0123456789abcdefABCD";
        RedisVersion version = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        server = RedisServer.builder(version).tls(true).certificate(TestCertificates.shared().server())
                .password(token).name("bench-jmh").start();
        SSLContext tls = TestCertificates.shared().clientSslContext();
        JedisPoolConfig noIdle = new JedisPoolConfig();
        noIdle.setMaxIdle(0);
        noIdle.setMinIdle(0);
        noIdle.setJmxEnabled(false);
        if (client.equals("ours")) {
            pool = JedisAuthConfig.builder().endpoint(server.host(), server.port()).sslContext(tls)
                    .tokenSource(TokenSources.fixed(AuthToken.of("AWSCURRENT", token)))
                    .jedisPoolConfig(noIdle).build().createJedisPool();
        } else {
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            pool = new JedisPool(noIdle, new HostAndPort(server.host(), server.port()),
                    DefaultJedisClientConfig.builder().password(token).ssl(true)
                            .sslSocketFactory(tls.getSocketFactory()).sslParameters(parameters).build());
        }
    }

    /** Closes the pool and stops the server. */
    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
        server.close();
    }

    /**
     * @return the PING reply
     */
    @Benchmark
    @SuppressWarnings("deprecation") // JedisPool
    public String connectAndPing() {
        try (Jedis jedis = pool.getResource()) {
            return jedis.ping();
        }
    }
}
