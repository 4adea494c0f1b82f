package io.github.redisauth.lettuce;

import io.github.redisauth.testkit.OwnThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.CommandListenerWriter;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.Endpoint;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the review of the coordinator (real servers, TLS): each names the rule it holds.
 */
class AuthRulesIT {

    private static final String SENTINEL = "s3ntinel";
    private static final AuthToken A = AuthToken.of("tokenA", "tokenA-" + SENTINEL + "-0123456789abcdef");
    private static final AuthToken B = AuthToken.of("tokenB", "tokenB-" + SENTINEL + "-0123456789abcdef");
    private static final AuthToken C = AuthToken.of("tokenC", "tokenC-" + SENTINEL + "-0123456789abcdef");
    private static final AuthToken STALE = AuthToken.of("stale", "stale-" + SENTINEL + "-0123456789abcdef");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(15);

    private ClientResources resources;
    private LogCapture logs;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        logs = LogCapture.root();
        resources = DefaultClientResources.create();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        logs.close();
        assertThat(logs.text()).as("captured logs").doesNotContain(SENTINEL);
    }

    private RedisServer server(RedisVersion version) {
        Assumptions.assumeTrue(version.isAvailable(), () -> version.unavailableReason().orElse("unavailable"));
        RedisServer server = RedisServer.builder(version).tls(true).name("rules-it").start();
        closeables.add(server);
        return server;
    }

    private RedisAuthClient client(RedisServer server, TokenSource source) {
        RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                .endpoint(server.host(), server.port())
                .tokenSource(source)
                .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                .clientResources(resources)
                .sourcePollInterval(Duration.ofMillis(500))
                .build());
        closeables.add(client);
        return client;
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private Workload workload(StatefulRedisConnection<String, String> connection, String prefix) {
        Workload workload = LettuceOperations.workload(connection.async(), COMMAND_TIMEOUT).threads(4)
                .pause(Duration.ofMillis(2)).keyPrefix(prefix).start();
        closeables.add(workload::stop);
        return workload;
    }

    private static void awaitProgress(Workload workload, long more) {
        long target = workload.counts().ops() + more;
        await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> workload.counts().ops() >= target);
    }

    /**
     * Lettuce's id for the connection, as its events carry it; unwrapped the way Lettuce 6.6 to 7.x do it
     * themselves (the library's writer is a {@link CommandListenerWriter}).
     */
    private static String endpointId(StatefulRedisConnection<String, String> connection) {
        RedisChannelWriter writer = ((StatefulRedisConnectionImpl<String, String>) connection).getChannelWriter();
        while (!(writer instanceof Endpoint)) {
            if (writer instanceof CommandListenerWriter listenerWriter) {
                writer = listenerWriter.getDelegate();
            } else if (writer instanceof CommandExpiryWriter expiryWriter) {
                writer = expiryWriter.getDelegate();
            } else {
                throw new AssertionError("cannot unwrap " + writer.getClass().getName());
            }
        }
        return ((Endpoint) writer).getId();
    }

    /** Logs the connection out on Redis &lt; 6 (a failed AUTH does that), behind the library's back. */
    private static void failAuth(StatefulRedisConnection<String, String> connection) {
        assertThatThrownBy(() -> connection.sync().dispatch(CommandType.AUTH, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("not-the-password-0123456789")))
                .hasMessageContaining("invalid password");
    }

    /** Rule #1: another client's failures on shared ClientResources change nothing here. */
    @Test
    void anotherClientsRejectionsOnSharedResourcesAreIgnored() {
        RedisServer ours = server(RedisVersion.V7);
        RedisServer theirs = server(RedisVersion.V7);
        ours.setPasswords(A.valueAsString());
        theirs.setPasswords(A.valueAsString());
        RedisAuthClient mine = client(ours, TokenSources.settable(A));
        RedisAuthClient other = client(theirs, TokenSources.settable(A));
        StatefulRedisConnection<String, String> mineConnection = closeLater(mine.connect());
        StatefulRedisConnection<String, String> otherConnection = closeLater(other.connect());
        assertThat(mineConnection.sync().ping()).isEqualTo("PONG");
        assertThat(otherConnection.sync().ping()).isEqualTo("PONG");
        AuthStatistics before = mine.statistics();

        theirs.setPasswords(B.valueAsString()); // the other client's token is rejected from now on
        theirs.killClients();
        await().atMost(PHASE_TIMEOUT).until(() -> other.statistics().reconnectFailures() >= 2 && other.statistics().attempts() >= 1);

        System.out.printf("[shared resources] ours=%s other=%s%n", mine.statistics(), other.statistics());
        assertThat(mine.statistics()).as("statistics of the client whose server did not change").isEqualTo(before);
        assertThat(mineConnection.sync().ping()).isEqualTo("PONG");
    }

    /** Rule #2: one "no password set" answer is confirmed with a PING without AUTH before going without AUTH. */
    @Test
    void aSingleNoPasswordSetAnswerDoesNotSwitchTheClientToNoAuth() {
        RedisServer server = server(RedisVersion.V7);
        server.setPasswords(A.valueAsString());
        RedisAuthClient client = client(server, TokenSources.settable(A));
        StatefulRedisConnection<String, String> connection = closeLater(client.connect());
        Workload workload = workload(connection, "transient");
        awaitProgress(workload, 200);
        long attempts = client.statistics().attempts();

        // what ElastiCache sends briefly during a reconnect, on this client's connection
        InetSocketAddress remote = new InetSocketAddress(server.host(), server.port());
        resources.eventBus().publish(new ReconnectFailedEvent("redis://" + server.host(), endpointId(connection), remote, remote,
                new RedisCommandExecutionException("ERR Client sent AUTH, but no password is set"), 1));
        await().atMost(PHASE_TIMEOUT).until(() -> client.statistics().attempts() > attempts);
        assertThat(client.statistics().tokenInUse()).as("token in use after one transient answer").startsWith("tokenA#");

        server.killClients();
        awaitProgress(workload, 200);
        Workload.Counts counts = workload.stop();
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(client.statistics().tokenInUse()).startsWith("tokenA#");
        assertThat(client.statistics().connectionsWithoutAuth()).as("connections made without AUTH").isZero();
        assertThat(logs.text()).as("the warning of going without AUTH").doesNotContainPattern("connecting to Redis at .* without AUTH");
    }

    /** Rule #3: the token source is never read on a Lettuce thread (Netty event loop, event bus). */
    @Test
    void theTokenSourceIsNeverReadOnALettuceThread() {
        RedisServer server = server(RedisVersion.V2_8);
        server.setPasswords();
        RecordingSource source = new RecordingSource(A);
        RedisAuthClient client = client(server, source);
        StatefulRedisConnection<String, String> connection = closeLater(client.connect());
        Workload workload = workload(connection, "loop");
        awaitProgress(workload, 200);
        server.setPasswords(A.valueAsString()); // no kill: Redis < 6 answers NOAUTH on the live connection
        awaitProgress(workload, 400);
        Workload.Counts counts = workload.stop();
        System.out.printf("[event loop] %s %s threads=%s%n", counts, client.statistics(), source.threads);
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(client.statistics().authRequired()).as("NOAUTH answers").isPositive();
        assertThat(source.threads).as("threads that read the token source").noneMatch(name -> name.startsWith("lettuce-"));
    }

    /** Rule #4: one connection's NOAUTH is handled on that connection; nothing is broadcast to the others. */
    @Test
    void aNoAuthOnOneConnectionIsNotBroadcastToTheOthers() {
        RedisServer server = server(RedisVersion.V2_8);
        server.setPasswords(A.valueAsString());
        RedisAuthClient client = client(server, TokenSources.settable(A));
        StatefulRedisConnection<String, String> loggedOut = closeLater(client.connect());
        StatefulRedisConnection<String, String> healthy = closeLater(client.connect());
        Workload workload = workload(healthy, "healthy");
        awaitProgress(workload, 100);
        long reauthentications = client.statistics().reauthentications();

        failAuth(loggedOut);
        assertThatThrownBy(() -> loggedOut.sync().multi()).hasMessageContaining("NOAUTH"); // surfaces: see rule #11
        assertThat(loggedOut.sync().set("rule4", "v")).isEqualTo("OK"); // AUTH and resend on that connection
        awaitProgress(workload, 200);

        Workload.Counts counts = workload.stop();
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(client.statistics().reauthentications()).as("live connections told to re-authenticate")
                .isEqualTo(reauthentications);
    }

    /** Rule #5: a token set that was entirely rejected is not probed again at once; another set is. */
    @Test
    void aRejectedTokenSetIsNotProbedAgainWithinTheRetryInterval() {
        RedisServer server = server(RedisVersion.V7);
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = TokenSources.settable(STALE, B);
        RedisAuthClient client = client(server, source);
        assertThatThrownBy(client::connect).isInstanceOf(TokensRejectedException.class);
        long attempts = client.statistics().attempts();
        assertThat(attempts).isEqualTo(4); // two candidates, before and after one refresh

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(client::connect).isInstanceOf(TokensRejectedException.class)
                    .hasMessageContaining("stale#" + STALE.fingerprint()).hasMessageContaining("tokenB#" + B.fingerprint());
        }
        assertThat(client.statistics().attempts()).as("probes while the same set is known to be rejected").isEqualTo(attempts);
        assertThat(source.refreshCount()).isEqualTo(1);
        assertThat(logs.text().lines().filter(l -> l.contains("rejected every AUTH token")).count())
                .as("ERROR lines for one rejected set").isEqualTo(1);

        source.set(C, A); // a different set is probed at once
        StatefulRedisConnection<String, String> connection = closeLater(client.connect());
        assertThat(connection.sync().ping()).isEqualTo("PONG");
        assertThat(client.statistics().attempts()).isGreaterThan(attempts);
        assertThat(client.statistics().tokenInUse()).startsWith("tokenA#");
    }

    /** Rule #6: closing the client releases a connect() waiting for a negotiation; nothing waits forever. */
    @Test
    void closingTheClientReleasesAConnectWaitingForANegotiation() throws Exception {
        RedisServer server = server(RedisVersion.V7);
        server.setPasswords(A.valueAsString());
        CountDownLatch release = new CountDownLatch(1);
        StuckRefreshSource source = new StuckRefreshSource(release, STALE);
        RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                .endpoint(server.host(), server.port())
                .tokenSource(source)
                .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                .clientResources(resources)
                .build());
        try {
            CompletableFuture<StatefulRedisConnection<String, String>> connect = CompletableFuture.supplyAsync(client::connect, OwnThreads.named("connect"));
            await().atMost(PHASE_TIMEOUT).untilTrue(source.refreshing);
            client.close();
            assertThat(connect).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                    .havingRootCause().isInstanceOf(RedisConnectionException.class).withMessageContaining("closed");
            assertThatThrownBy(client::refreshTokens).isInstanceOf(RedisConnectionException.class)
                    .hasMessageContaining("closed");
        } finally {
            release.countDown();
            client.close();
        }
    }

    /** Rule #9: refreshTokens() bypasses the source's cache. */
    @Test
    void refreshTokensAsksTheSourceWithRefresh() {
        RedisServer server = server(RedisVersion.V7);
        server.setPasswords(A.valueAsString());
        SettableTokenSource source = TokenSources.settable(A);
        RedisAuthClient client = client(server, source);
        closeLater(client.connect());
        long refreshes = source.refreshCount();
        client.refreshTokens();
        assertThat(source.refreshCount()).isEqualTo(refreshes + 1);
    }

    /** Rule #11: a command inside MULTI answered NOAUTH is not resent after an injected AUTH. */
    @Test
    void aTransactionAnsweredNoAuthIsNotResent() {
        RedisServer server = server(RedisVersion.V2_8);
        server.setPasswords(A.valueAsString());
        RedisAuthClient client = client(server, TokenSources.settable(A));
        StatefulRedisConnection<String, String> connection = closeLater(client.connect());
        failAuth(connection);
        assertThatThrownBy(() -> connection.sync().multi()).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageContaining("NOAUTH");
        assertThat(connection.sync().set("rule11", "v")).isEqualTo("OK"); // outside a transaction: AUTH and resend
        assertThat(connection.sync().multi()).isEqualTo("OK");
        connection.sync().set("rule11", "w");
        connection.sync().get("rule11");
        assertThat(connection.sync().exec().stream().toList()).containsExactly("OK", "w");
    }

    /**
     * The AUTH injected for a NOAUTH retry carries the token: the users' command listeners never see it
     * (Lettuce 6.6 prints {@code char[]} arguments in {@code CommandArgs.toString()}); they do see the command
     * that is resent.
     */
    @Test
    void commandListenersNeverSeeTheAuthOfANoAuthRetry() {
        RedisServer server = server(RedisVersion.V2_8);
        server.setPasswords(A.valueAsString());
        RedisAuthClient client = client(server, TokenSources.settable(A));
        AtomicBoolean recording = new AtomicBoolean();
        List<String> seen = new CopyOnWriteArrayList<>();
        client.redisClient().addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (recording.get()) {
                    seen.add(event.getCommand().getType() + " " + event.getCommand().getArgs());
                }
            }
        });
        StatefulRedisConnection<String, String> connection = closeLater(client.connect());
        failAuth(connection); // the test's own AUTH, before recording
        long noAuths = client.statistics().authRequired();
        recording.set(true);

        assertThat(connection.sync().set("listener-key", "v")).isEqualTo("OK"); // NOAUTH, AUTH, resent
        recording.set(false);

        System.out.printf("[listeners] seen=%s %s%n", seen, client.statistics());
        assertThat(client.statistics().authRequired()).as("NOAUTH answers").isGreaterThan(noAuths);
        assertThat(seen).as("commands the listener saw").isNotEmpty()
                .allMatch(command -> command.startsWith("SET "))
                .noneMatch(command -> command.contains(SENTINEL));
    }

    /** A script's error reply that merely starts with NOAUTH is the script's answer: the script ran and is not run again. */
    @Test
    void anErrorReplyMerelyStartingWithNoauthIsNotRerun() {
        RedisServer server = server(RedisVersion.V2_8);
        server.setPasswords(A.valueAsString());
        RedisAuthClient client = client(server, TokenSources.settable(A));
        StatefulRedisConnection<String, String> connection = closeLater(client.connect());
        String script = "redis.call('INCR', KEYS[1]) return redis.error_reply('NOAUTH fake')";
        assertThatThrownBy(() -> connection.sync().eval(script, io.lettuce.core.ScriptOutputType.STATUS, "noauth-lua"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageStartingWith("NOAUTH fake");
        assertThat(connection.sync().get("noauth-lua")).as("the script ran once, it was not re-run").isEqualTo("1");
    }

    /** Records the threads that read it. */
    private static final class RecordingSource implements TokenSource {
        private final TokenSet tokens;
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        RecordingSource(AuthToken... tokens) {
            this.tokens = TokenSet.of(tokens);
        }

        @Override
        public TokenSet fetch() {
            threads.add(Thread.currentThread().getName());
            return tokens;
        }

        @Override
        public TokenSet refresh() {
            return fetch();
        }

        @Override
        public String description() {
            return "test:recording";
        }
    }

    /** A source whose refresh hangs, ignoring interrupts, until released. */
    private static final class StuckRefreshSource implements TokenSource {
        private final CountDownLatch release;
        private final TokenSet tokens;
        final AtomicBoolean refreshing = new AtomicBoolean();

        StuckRefreshSource(CountDownLatch release, AuthToken... tokens) {
            this.release = release;
            this.tokens = TokenSet.of(tokens);
        }

        @Override
        public TokenSet fetch() {
            return tokens;
        }

        @Override
        public TokenSet refresh() {
            refreshing.set(true);
            while (true) {
                try {
                    if (release.await(100, TimeUnit.MILLISECONDS)) {
                        return tokens;
                    }
                } catch (InterruptedException e) {
                    // ignored on purpose: a store client that does not honour interrupts
                }
            }
        }

        @Override
        public String description() {
            return "test:stuck";
        }
    }
}
