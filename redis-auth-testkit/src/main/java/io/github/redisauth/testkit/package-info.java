/**
 * Real Redis servers for tests, in one line: Redis 2.8.19, 6.2.x and 7.x on loopback, with or
 * without TLS and passwords, test certificates, a small RESP client and JUnit 5 / Testcontainers
 * integration. No mocks.
 *
 * <p>Entry points: {@link io.github.redisauth.testkit.RedisServer#builder(RedisVersion)},
 * {@link io.github.redisauth.testkit.RedisServerExtension},
 * {@link io.github.redisauth.testkit.TestCertificates#shared()},
 * {@link io.github.redisauth.testkit.RespClient}.
 */
package io.github.redisauth.testkit;
