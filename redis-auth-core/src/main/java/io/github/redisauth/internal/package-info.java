/**
 * Implementation of redis-auth-core. Nothing here carries a compatibility promise: use the
 * types of {@code io.github.redisauth} instead.
 */
package io.github.redisauth.internal;
