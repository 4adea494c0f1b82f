package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import redis.clients.jedis.JedisPool;

/**
 * Connect overhead: TCP + TLS + AUTH + the first PING through a pool that keeps no idle
 * connection, ours against stock with the same static token on the same server, interleaved.
 */
final class ConnectOverhead {

    private ConnectOverhead() {
    }

    @SuppressWarnings("deprecation") // JedisPool
    static Comparison jedis(Endpoint endpoint, String token, BenchSettings settings) {
        try (JedisPool ours = JedisClients.oursPoolWithoutIdle(endpoint,
                        TokenSources.fixed(AuthToken.of("AWSCURRENT", token)));
                JedisPool stock = JedisClients.stockPoolWithoutIdle(endpoint, token)) {
            Comparison result = InterleavedTimer.run(settings.connectWarmup(), settings.connectSamples(),
                    () -> JedisClients.timedConnectAndPing(ours), () -> JedisClients.timedConnectAndPing(stock));
            Console.say("connect jedis: %s", result);
            return result;
        }
    }
}
