/**
 * Implementation of the redis-auth testkit: binary extraction, process watchdog, TLS front,
 * certificate generation.
 *
 * <p><strong>This package carries no compatibility promise.</strong> Its types may change or
 * disappear in any release; use only the public API in {@code io.github.redisauth.testkit}.
 */
package io.github.redisauth.testkit.internal;
