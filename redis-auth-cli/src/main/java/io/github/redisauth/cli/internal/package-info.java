/**
 * Implementation of the {@code redis-auth} command line: the options verify and watch share (picocli
 * mixins), output formats, URI and duration parsing.
 * Public classes here carry no compatibility promise.
 */
package io.github.redisauth.cli.internal;
