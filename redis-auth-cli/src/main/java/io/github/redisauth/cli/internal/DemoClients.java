package io.github.redisauth.cli.internal;

import io.github.redisauth.TokenSource;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * The demo's two applications: a redis-auth-lettuce and a redis-auth-jedis client, each running the
 * {@code watch} workload ({@link WatchedClient}) against one TLS endpoint with one token source, and
 * what they did so far. Not thread-safe: one thread samples.
 */
public final class DemoClients implements AutoCloseable {

    /** The pace of each client: 4 threads, at most about 200 commands a second, 5 s per command. */
    public static final WatchPace PACE = WatchPace.forRate(200, Duration.ofSeconds(5));

    private final List<Client> clients = new ArrayList<>(2);
    private final UnaryOperator<String> tokenName;

    private record Client(String name, WatchedClient watched, WatchReport report, Set<String> tokensUsed) {
    }

    private DemoClients(UnaryOperator<String> tokenName) {
        this.tokenName = tokenName;
    }

    /**
     * Connects both clients and starts their workloads.
     *
     * @param host the endpoint's host (its certificate must name it)
     * @param port the endpoint's TLS port
     * @param caCertificate PEM file of the CA that signed the endpoint's certificate (for Lettuce)
     * @param sslContext an SSL context trusting the same CA (for Jedis)
     * @param tokens the token source both clients read
     * @param tokenName turns a client's {@code LABEL#FINGERPRINT} (or "none ...") into what the demo prints
     * @return the running clients
     */
    public static DemoClients start(String host, int port, Path caCertificate, SSLContext sslContext, TokenSource tokens,
            UnaryOperator<String> tokenName) {
        DemoClients demo = new DemoClients(tokenName);
        try {
            demo.add("lettuce", LettuceWatchedClient.start(LettuceAuthConfig.builder()
                    .endpoint(RedisURI.builder().withHost(host).withPort(port).withTimeout(PACE.commandTimeout()).build())
                    .tokenSource(tokens).sslOptions(SslOptions.builder().trustManager(caCertificate.toFile()).build())
                    .sourcePollInterval(Duration.ofSeconds(1)).build(), false, PACE));
            int timeoutMillis = (int) PACE.commandTimeout().toMillis();
            demo.add("jedis", JedisWatchedClient.start(JedisAuthConfig.builder().endpoint(host, port).tokenSource(tokens)
                    .sslContext(sslContext).idempotentRetry(true).retryMaxAttempts(10)
                    .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                            .socketTimeoutMillis(timeoutMillis).build())
                    .build(), false, PACE));
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void add(String name, WatchedClient watched) {
        clients.add(new Client(name, watched, new WatchReport(name), new LinkedHashSet<>()));
    }

    /** @return one line per client: ops (and since the last call), failures, reconnects, fallbacks, token in use */
    public List<String> sample() {
        List<String> lines = new ArrayList<>(clients.size());
        for (Client client : clients) {
            WatchSample sample = client.watched().sample();
            record(client, sample);
            String name = tokenName.apply(sample.tokenInUse());
            lines.add(String.format("%-8s%s", client.name(), client.report().line())
                    + (name != null && name.startsWith("T") ? " (" + name + ")" : ""));
        }
        return lines;
    }

    /**
     * Stops both workloads (commands in flight finish) and sums them up.
     *
     * @return one line per client: ops, failed commands, reconnects, fallbacks, the tokens it used in order
     */
    public List<String> stop() {
        List<String> lines = new ArrayList<>(clients.size());
        for (Client client : clients) {
            WatchSample last = client.watched().stop();
            record(client, last);
            lines.add(String.format("%-8sops=%d failed commands=%d reconnects=%d fallbacks=%d tokens used: %s", client.name(),
                    last.ops(), last.failures(), last.reconnects(), last.fallbacks(), String.join(" -> ", client.tokensUsed()))
                    + (last.failures() == 0 ? "" : " (last failure: " + last.lastFailure() + ")"));
        }
        return lines;
    }

    /** @return failed commands of both clients together, as of the last sample */
    public long failures() {
        return clients.stream().mapToLong(client -> client.report().failures()).sum();
    }

    private void record(Client client, WatchSample sample) {
        client.report().sample(sample);
        String name = tokenName.apply(sample.tokenInUse());
        if (name != null) {
            client.tokensUsed().add(name);
        }
    }

    @Override
    public void close() {
        for (Client client : clients) {
            try {
                client.watched().close();
            } catch (RuntimeException ignored) {
                // Shutting down: the summary is already printed.
            }
        }
    }
}
