/**
 * Implementation of redis-auth-aws. Nothing here carries a compatibility promise: use the
 * types of {@code io.github.redisauth.aws} instead.
 */
package io.github.redisauth.aws.internal;
