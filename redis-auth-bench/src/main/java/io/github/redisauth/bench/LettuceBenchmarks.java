package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.function.Supplier;

/** Connect overhead and reconnect time of redis-auth-lettuce against stock Lettuce, static token. */
final class LettuceBenchmarks {

    private LettuceBenchmarks() {
    }

    /** Connect ({@code connect()}: TCP + TLS + AUTH), first PING, close; the clients are reused. */
    static Comparison connect(Endpoint endpoint, String token, BenchSettings settings) {
        RedisClient stock = LettuceClients.stock();
        RedisURI stockUri = LettuceClients.stockUri(endpoint, token);
        try (RedisAuthClient ours = LettuceClients.ours(endpoint, TokenSources.fixed(AuthToken.of("AWSCURRENT", token)))) {
            Comparison result = InterleavedTimer.run(settings.connectWarmup(), settings.connectSamples(),
                    () -> timedConnectAndPing(ours::connect), () -> timedConnectAndPing(() -> stock.connect(stockUri)));
            Console.say("connect lettuce: %s", result);
            return result;
        } finally {
            LettuceClients.shutdown(stock);
        }
    }

    /**
     * Diagnostic (full run, stderr only): ours against stock Lettuce on RESP2, the protocol ours uses
     * (stock's default is RESP3 with {@code HELLO 3 AUTH}), to tell protocol cost from our own.
     */
    static Comparison connectAgainstStockResp2(Endpoint endpoint, String token, BenchSettings settings) {
        RedisClient stock = LettuceClients.stock();
        stock.setOptions(stock.getOptions().mutate().protocolVersion(ProtocolVersion.RESP2).build());
        RedisURI stockUri = LettuceClients.stockUri(endpoint, token);
        try (RedisAuthClient ours = LettuceClients.ours(endpoint, TokenSources.fixed(AuthToken.of("AWSCURRENT", token)))) {
            Comparison result = InterleavedTimer.run(settings.connectWarmup(), settings.connectSamples() / 2,
                    () -> timedConnectAndPing(ours::connect), () -> timedConnectAndPing(() -> stock.connect(stockUri)));
            Console.say("connect lettuce, diagnostic, stock on RESP2: %s", result);
            return result;
        } finally {
            LettuceClients.shutdown(stock);
        }
    }

    private static long timedConnectAndPing(Supplier<StatefulRedisConnection<String, String>> connect) {
        long start = System.nanoTime();
        StatefulRedisConnection<String, String> connection = connect.get();
        connection.sync().ping();
        long elapsed = System.nanoTime() - start;
        connection.close();
        return elapsed;
    }

    /**
     * Reconnect: one connection per client, Lettuce's own auto-reconnect; the PING sent after the
     * kill waits in Lettuce's queue until the connection is back.
     */
    static Comparison reconnect(RedisServer server, Endpoint endpoint, String token, BenchSettings settings)
            throws InterruptedException {
        RedisClient stock = LettuceClients.stock();
        try (RedisAuthClient ours = LettuceClients.ours(endpoint, TokenSources.fixed(AuthToken.of("AWSCURRENT", token)));
                StatefulRedisConnection<String, String> oursConnection = ours.connect();
                StatefulRedisConnection<String, String> stockConnection = stock.connect(LettuceClients.stockUri(endpoint, token))) {
            return ReconnectTime.measure("lettuce", server, settings,
                    () -> oursConnection.sync().ping(), () -> stockConnection.sync().ping());
        } finally {
            LettuceClients.shutdown(stock);
        }
    }
}
