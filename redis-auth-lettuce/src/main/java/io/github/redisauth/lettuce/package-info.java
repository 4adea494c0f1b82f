/**
 * Rotation-safe TLS + AUTH token clients for Lettuce: {@link io.github.redisauth.lettuce.RedisAuthClient}
 * (standalone; primary + reader endpoints) and {@link io.github.redisauth.lettuce.RedisAuthClusterClient}
 * (cluster mode enabled), configured by {@link io.github.redisauth.lettuce.LettuceAuthConfig}. They adapt
 * core's {@link io.github.redisauth.TokenNegotiator}: failures are {@link io.github.redisauth.TokensRejectedException},
 * counters {@link io.github.redisauth.AuthStatistics}. Lettuce 6.6 to 7.x.
 */
package io.github.redisauth.lettuce;
