/**
 * AWS token sources for redis-auth: {@link io.github.redisauth.aws.SecretsManagerTokenSource} reads
 * the AUTH tokens staged {@code AWSCURRENT}, {@code AWSPENDING} and {@code AWSPREVIOUS} in an AWS
 * Secrets Manager secret (AWS SDK v2, retries with Resilience4j). Wrap it in
 * {@link io.github.redisauth.TokenSources#cached(io.github.redisauth.TokenSource)} before handing it
 * to clients.
 */
package io.github.redisauth.aws;
