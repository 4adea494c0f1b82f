/**
 * Rotation-safe TLS + AUTH-token Jedis clients for AWS ElastiCache (Redis OSS), for Jedis 6.0 to 8.x: build a
 * {@link io.github.redisauth.jedis.JedisAuthConfig} once and take a pooled {@code UnifiedJedis}, a
 * {@code JedisPool} or a cluster client from it (or, on Jedis 7.2 and later, a {@code RedisClient} /
 * {@code RedisClusterClient}). The clients are adapters of core's {@link io.github.redisauth.TokenNegotiator}.
 */
package io.github.redisauth.jedis;
