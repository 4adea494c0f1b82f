/**
 * Rotation-safe TLS + AUTH-token Jedis clients for AWS ElastiCache (Redis OSS): build a
 * {@link io.github.redisauth.jedis.JedisAuthConfig} once and take a pooled
 * {@code RedisClient}, a {@code JedisPool} or a {@code RedisClusterClient} from it.
 */
package io.github.redisauth.jedis;
