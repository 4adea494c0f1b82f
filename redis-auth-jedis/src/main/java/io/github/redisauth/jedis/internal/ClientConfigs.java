package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthToken;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisCredentialsProvider;
import redis.clients.jedis.RedisProtocol;

/**
 * Derives the Jedis client configurations the library uses from the user's base configuration:
 * one per token for connections (plain one-argument AUTH, no HELLO unless a protocol was asked for,
 * TLS with or without hostname verification) and one for the client objects (protocol pinned).
 * Uses only builder methods present in every Jedis line from 6.0; Jedis 8's protocol auto-negotiation
 * is switched off through {@link JedisCapabilities}. Immutable and thread-safe.
 */
public final class ClientConfigs {

    private final JedisClientConfig base;
    private final boolean tls;
    private final SSLContext sslContext;
    private final boolean hostnameVerification;
    private final RedisProtocol protocol;

    /**
     * @param base the user's settings (timeouts, client name, database, mapper, ...)
     * @param tls whether connections use TLS
     * @param sslContext the TLS context; used when {@code tls}
     * @param hostnameVerification whether the server certificate must match the host name
     * @param protocol the protocol the user asked for, or null for the server default (plain AUTH, RESP2)
     */
    public ClientConfigs(JedisClientConfig base, boolean tls, SSLContext sslContext, boolean hostnameVerification,
            RedisProtocol protocol) {
        this.base = base;
        this.tls = tls;
        this.sslContext = sslContext;
        this.hostnameVerification = hostnameVerification;
        this.protocol = protocol;
    }

    /**
     * @param token the token to authenticate with, or null for no AUTH
     * @return the configuration for one connection
     */
    public JedisClientConfig connection(AuthToken token) {
        DefaultJedisClientConfig.Builder builder = handshake(withTls(DefaultJedisClientConfig.builder().from(base)));
        builder.user(null).password(null);
        builder.credentials(new DefaultRedisCredentials((String) null, token == null ? null : token.value()));
        return builder.build();
    }

    /**
     * @param credentials chooses the token of each connection Jedis opens itself (cluster nodes)
     * @return the configuration for connections opened by Jedis
     */
    public JedisClientConfig connectionWithCredentials(RedisCredentialsProvider credentials) {
        DefaultJedisClientConfig.Builder builder = handshake(withTls(DefaultJedisClientConfig.builder().from(base)));
        return builder.user(null).password(null).credentialsProvider(credentials).build();
    }

    /**
     * The configuration for {@code RedisClient}/{@code RedisClusterClient} themselves: protocol pinned
     * ({@link #clientProtocol()}) so Jedis never probes it at construction.
     *
     * @return the configuration
     */
    public JedisClientConfig client() {
        return withTls(DefaultJedisClientConfig.builder().from(base))
                .protocol(clientProtocol())
                .user(null).password(null).build();
    }

    /** @return the protocol replies are parsed with: the one asked for, else RESP2 (what plain AUTH leaves) */
    public RedisProtocol clientProtocol() {
        return protocol == null ? RedisProtocol.RESP2 : protocol;
    }

    /** @return the user's socket timeout, in milliseconds */
    public int socketTimeoutMillis() {
        return base.getSocketTimeoutMillis();
    }

    /**
     * The handshake: {@code HELLO} only when a protocol was asked for, else a plain one-argument {@code AUTH}
     * (or nothing), on every Jedis line.
     */
    private DefaultJedisClientConfig.Builder handshake(DefaultJedisClientConfig.Builder builder) {
        return JedisCapabilities.withoutProtocolNegotiation(builder.protocol(protocol));
    }

    @SuppressWarnings("deprecation")
    private DefaultJedisClientConfig.Builder withTls(DefaultJedisClientConfig.Builder builder) {
        builder.sslOptions(null).hostnameVerifier(null);
        if (!tls) {
            return builder.ssl(false).sslSocketFactory(null).sslParameters(null);
        }
        SSLParameters parameters = sslContext.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(hostnameVerification ? "HTTPS" : null);
        return builder.ssl(true).sslSocketFactory(sslContext.getSocketFactory()).sslParameters(parameters);
    }
}
