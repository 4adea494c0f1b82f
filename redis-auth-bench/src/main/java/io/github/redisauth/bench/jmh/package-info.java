/** JMH benchmarks (run by {@link io.github.redisauth.bench.JmhConnect} in the full run, or by JMH's own runner). */
package io.github.redisauth.bench.jmh;
