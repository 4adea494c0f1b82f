package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.AuthToken;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ReauthenticationEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The rotation scenarios of issue 5 against one kind of real server, with four threads issuing
 * commands throughout. Subclasses say which server.
 */
abstract class AbstractRotationIT {

    static final String SENTINEL = "s3ntinel";
    static final AuthToken A = AuthToken.of("tokenA", "tokenA-" + SENTINEL + "-0123456789abcdef");
    static final AuthToken B = AuthToken.of("tokenB", "tokenB-" + SENTINEL + "-0123456789abcdef");
    static final AuthToken C = AuthToken.of("tokenC", "tokenC-" + SENTINEL + "-0123456789abcdef");
    static final AuthToken STALE = AuthToken.of("stale", "stale-" + SENTINEL + "-0123456789abcdef");
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    static final Duration PHASE_TIMEOUT = Duration.ofSeconds(15);

    TestServer server;
    ClientResources resources;
    LogCapture logs;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final List<String> exceptionMessages = new ArrayList<>();
    String stockConnectFailure;

    abstract TestServer startServer();

    abstract SslOptions sslOptions();

    @BeforeEach
    void start() {
        logs = LogCapture.root();
        server = startServer();
        resources = DefaultClientResources.create();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        server.close();
        logs.close();
        String text = logs.text() + "\n" + String.join("\n", exceptionMessages);
        assertThat(text).as("captured logs and exception messages").doesNotContain(SENTINEL);
    }

    RedisAuthClient client(SettableTokenSource source) {
        LettuceAuthConfig config = LettuceAuthConfig.builder()
                .endpoint(server.host(), server.port())
                .tokenSource(source)
                .sslOptions(sslOptions())
                .clientResources(resources)
                .sourcePollInterval(Duration.ofMillis(500))
                .build();
        RedisAuthClient client = RedisAuthClient.create(config);
        closeables.add(client);
        return client;
    }

    Workload workload(StatefulRedisConnection<String, String> connection, String prefix) {
        Workload workload = LettuceOperations.workload(connection.async(), COMMAND_TIMEOUT).threads(4)
                .pause(Duration.ofMillis(2)).keyPrefix(prefix).start();
        closeables.add(workload::stop);
        return workload;
    }

    /** Waits until the workload completed {@code more} further commands. */
    static void awaitProgress(Workload workload, long more) {
        long target = workload.counts().ops() + more;
        await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }

    void phase(String name, Workload ours, Runnable change) {
        change.run();
        server.killClients();
        awaitProgress(ours, 200);
        System.out.printf("[%s] phase %-28s ours=%s%n", server.name(), name, ours.counts());
    }

    @Test
    void fallsBackOnConnectAndRemembersTheWinner() {
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = TokenSources.settable(STALE, A);
        RedisAuthClient client = client(source);
        StatefulRedisConnection<String, String> connection = client.connect();
        closeables.add(connection);
        Workload workload = workload(connection, "fallback");
        awaitProgress(workload, 200);
        server.killClients();
        awaitProgress(workload, 200);
        Workload.Counts counts = workload.stop();
        AuthStatistics stats = client.statistics();
        System.out.printf("[%s] fallback on connect: %s %s%n", server.name(), counts, stats);
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(stats.tokenInUse()).startsWith("tokenA#");
        assertThat(stats.rejections()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void failsWithLabelsAndFingerprintsWhenEveryTokenIsRejected() {
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = SettableTokenSource.of("test:mutable", STALE, B);
        RedisAuthClient client = client(source);
        try {
            client.connect();
            throw new AssertionError("connect should fail");
        } catch (TokensRejectedException e) {
            exceptionMessages.add(e.toString());
            assertThat(e.getMessage()).contains("stale#" + STALE.fingerprint(), "tokenB#" + B.fingerprint(), "test:mutable");
            assertThat(source.refreshCount()).isEqualTo(1);
        }
    }

    @Test
    void reconnectsAfterTheTokenWasReplacedAndConnectionsKilled() {
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        StatefulRedisConnection<String, String> connection = client.connect();
        closeables.add(connection);
        Workload workload = workload(connection, "reconnect");
        awaitProgress(workload, 200);
        source.set(A, B); // the application learns B first (pending), the server switches later
        phase("SET B (A rejected)", workload, () -> server.setPasswords(B.valueAsString()));
        Workload.Counts counts = workload.stop();
        System.out.printf("[%s] reconnect after SET: %s %s%n", server.name(), counts, client.statistics());
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(client.statistics().tokenInUse()).startsWith("tokenB#");
    }

    @Test
    void liveConnectionsReauthenticateWhenTheSourcePublishesANewCurrentToken() {
        boolean two = server.supportsTwoPasswords();
        server.setPasswords(two ? new String[] {A.valueAsString(), B.valueAsString()} : new String[] {A.valueAsString()});
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        AtomicInteger reauthentications = new AtomicInteger();
        Disposable events = resources.eventBus().get().filter(ReauthenticationEvent.class::isInstance)
                .subscribe(e -> reauthentications.incrementAndGet());
        closeables.add(events::dispose);
        StatefulRedisConnection<String, String> connection = client.connect();
        closeables.add(connection);
        Workload workload = workload(connection, "reauth");
        awaitProgress(workload, 200);
        source.set(B, A); // Secrets Manager: B is AWSCURRENT now, A AWSPREVIOUS
        if (!two) {
            server.setPasswords(B.valueAsString()); // Redis 2.8 keeps live connections authenticated
        }
        client.refreshTokens();
        assertThat(client.statistics().tokenInUse()).startsWith("tokenB#");
        await().atMost(PHASE_TIMEOUT).until(() -> reauthentications.get() >= 1);
        if (two) {
            server.setPasswords(B.valueAsString());
        }
        awaitProgress(workload, 200);
        Workload.Counts counts = workload.stop();
        System.out.printf("[%s] re-authentication on a new current token: %s %s, ReauthenticationEvents=%d%n",
                server.name(), counts, client.statistics(), reauthentications.get());
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
    }

    @Test
    void reconnectsSeveralConnectionsAtOnce() {
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StatefulRedisConnection<String, String> connection = client.connect();
            closeables.add(connection);
            workloads.add(workload(connection, "many" + i));
        }
        workloads.forEach(w -> awaitProgress(w, 100));
        source.set(A, B);
        server.setPasswords(B.valueAsString());
        server.killClients();
        workloads.forEach(w -> awaitProgress(w, 100));
        source.set(B, C);
        server.setPasswords(C.valueAsString());
        server.killClients();
        workloads.forEach(w -> awaitProgress(w, 100));
        long failures = 0;
        for (Workload w : workloads) {
            Workload.Counts counts = w.stop();
            assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
            failures += counts.failures();
        }
        System.out.printf("[%s] three connections, two token changes with kills: failures=%d %s%n", server.name(), failures,
                client.statistics());
        assertThat(client.statistics().tokenInUse()).startsWith("tokenC#");
    }

    @Test
    void pubSubResubscribesWithTheNewTokenAfterTheTokenChanged() {
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        closeables.add(subscriber);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received.add(message);
            }
        });
        subscriber.sync().subscribe("news");
        StatefulRedisConnection<String, String> publisher = client.connect();
        closeables.add(publisher);
        publisher.sync().publish("news", "before");
        await().atMost(PHASE_TIMEOUT).until(() -> received.contains("before"));
        source.set(A, B);
        server.setPasswords(B.valueAsString());
        server.killClients();
        await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            publisher.sync().publish("news", "after");
            return received.contains("after");
        });
        assertThat(client.statistics().tokenInUse()).startsWith("tokenB#");
    }

    @Test
    void deploysBeforeTheRemediation() {
        server.setPasswords();
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        StatefulRedisConnection<String, String> connection = client.connect();
        closeables.add(connection);
        assertThat(client.statistics().tokenInUse()).isEqualTo(AuthStatistics.NO_PASSWORD);
        Workload workload = workload(connection, "deploy");
        awaitProgress(workload, 200);
        phase("password set", workload, () -> server.setPasswords(A.valueAsString()));
        Workload.Counts counts = workload.stop();
        System.out.printf("[%s] deploy before remediation: %s %s%n", server.name(), counts, client.statistics());
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(client.statistics().tokenInUse()).startsWith("tokenA#");
    }

    @Test
    void liveConnectionsAuthenticateWhenThePasswordAppears() {
        server.setPasswords();
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        StatefulRedisConnection<String, String> connection = client.connect();
        closeables.add(connection);
        Workload workload = workload(connection, "live");
        awaitProgress(workload, 200);
        server.setPasswords(A.valueAsString()); // no kill: Redis < 6 answers NOAUTH on live connections
        awaitProgress(workload, 400);
        Workload.Counts counts = workload.stop();
        System.out.printf("[%s] password appears under live connections: %s %s%n", server.name(), counts, client.statistics());
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
    }

    @Test
    void survivesTheWholeLifecycleWhileStockLettuceFails() {
        server.setPasswords();
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(source);
        StatefulRedisConnection<String, String> connection = client.connect();
        closeables.add(connection);
        Workload ours = workload(connection, "ours");
        StatefulRedisConnection<String, String> stockConnection = stockConnection(A);
        Workload stock = stockConnection == null ? null : workload(stockConnection, "stock");
        awaitProgress(ours, 200);

        boolean two = server.supportsTwoPasswords();
        phase(two ? "ROTATE: A + B" : "direct: A", ours,
                () -> server.setPasswords(two ? new String[] {A.valueAsString(), B.valueAsString()} : new String[] {A.valueAsString()}));
        source.set(B, A); // B becomes current in the secret store
        phase("SET: only B", ours, () -> server.setPasswords(B.valueAsString()));
        source.set(B, C); // C appears as pending before the server knows it
        if (two) {
            phase("ROTATE: B + C", ours, () -> server.setPasswords(B.valueAsString(), C.valueAsString()));
        }
        source.set(C, B);
        phase("SET: only C", ours, () -> server.setPasswords(C.valueAsString()));

        Workload.Counts oursCounts = ours.stop();
        Workload.Counts stockCounts = stock == null
                ? new Workload.Counts(0, 1, 1, "connect failed: " + stockConnectFailure, 0)
                : stock.stop();
        System.out.printf("[%s] LIFECYCLE redis-auth: %s %s%n", server.name(), oursCounts, client.statistics());
        System.out.printf("[%s] LIFECYCLE stock Lettuce (static token A): %s%n", server.name(), stockCounts);
        assertThat(oursCounts.failures()).as("failed commands, last: %s", oursCounts.lastFailure()).isZero();
        assertThat(stockCounts.failures()).as("stock Lettuce failures").isGreaterThan(0);
    }

    private StatefulRedisConnection<String, String> stockConnection(AuthToken token) {
        RedisClient stock = RedisClient.create(resources);
        stock.setOptions(ClientOptions.builder().sslOptions(sslOptions())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        closeables.add(() -> stock.shutdown(Duration.ZERO, Duration.ofSeconds(1)));
        RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port()).withSsl(true)
                .withPassword(token.value()).build();
        try {
            StatefulRedisConnection<String, String> connection = stock.connect(uri);
            closeables.add(connection);
            return connection;
        } catch (RuntimeException e) {
            // Redis < 6 with no password answers the stock client's AUTH with an error: it cannot even connect
            exceptionMessages.add(e.toString());
            stockConnectFailure = String.valueOf(e.getCause());
            return null;
        }
    }
}
