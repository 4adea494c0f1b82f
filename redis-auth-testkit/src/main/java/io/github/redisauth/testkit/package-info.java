/**
 * Real Redis servers for tests, in one line: Redis 2.8.19, 6.2.x and 7.x on loopback, with or
 * without TLS and passwords, test certificates, a small RESP client and JUnit 5 / Testcontainers
 * integration, and an ElastiCache-like AUTH gateway. No mocks.
 *
 * <p>Entry points: {@link io.github.redisauth.testkit.RedisServer#builder(RedisVersion)},
 * {@link io.github.redisauth.testkit.RedisServerExtension},
 * {@link io.github.redisauth.testkit.TestCertificates#shared()},
 * {@link io.github.redisauth.testkit.RespClient},
 * {@link io.github.redisauth.testkit.AuthGateway#builder()} (ElastiCache AUTH token semantics in front of a real Redis).
 */
package io.github.redisauth.testkit;
