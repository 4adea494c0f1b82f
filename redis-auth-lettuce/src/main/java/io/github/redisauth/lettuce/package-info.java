/**
 * Rotation-safe TLS + AUTH token clients for Lettuce: {@link io.github.redisauth.lettuce.RedisAuthClient}
 * (standalone; primary + reader endpoints) and {@link io.github.redisauth.lettuce.RedisAuthClusterClient}
 * (cluster mode enabled), configured by {@link io.github.redisauth.lettuce.LettuceAuthConfig}.
 * {@link io.github.redisauth.lettuce.Workload} keeps a connection busy and counts failures.
 */
package io.github.redisauth.lettuce;
