/**
 * Implementation of redis-auth-jedis. Nothing here carries a compatibility promise: use the types of
 * {@code io.github.redisauth.jedis} instead.
 */
package io.github.redisauth.jedis.internal;
