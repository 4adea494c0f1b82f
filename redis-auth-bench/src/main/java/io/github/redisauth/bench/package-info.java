/**
 * The redis-auth benchmark harness: connect overhead, failed commands across a full token
 * rotation, reconnect time, Secrets Manager calls and verifier time, each measured side by side
 * with the stock clients in one run. Entry point: {@link io.github.redisauth.bench.BenchMain};
 * {@code redis-auth-bench/run} builds and starts it. Not a library: no compatibility promise.
 */
package io.github.redisauth.bench;
