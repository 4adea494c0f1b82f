/**
 * Implementation of the {@code redis-auth} command line: output formats, URI and duration parsing.
 * Public classes here carry no compatibility promise.
 */
package io.github.redisauth.cli.internal;
