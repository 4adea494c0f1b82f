package io.github.redisauth.bench;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * SET then GET of its own key on each thread, over one shared Lettuce connection (as Lettuce is
 * meant to be used), the same for ours and stock. While there is no connection (the stock client
 * cannot connect while the server refuses its token) each attempt to open one counts as a failed
 * command, then the thread pauses and tries again: that is what an application would see.
 * Counts like the testkit's {@code Workload} (as {@link JedisLoad} uses it): one operation = SET + GET.
 */
final class LettuceLoad implements RunningLoad {

    private static final long PAUSE_MILLIS = 2;

    private final String name;
    private final Supplier<StatefulRedisConnection<String, String>> connect;
    private final Runnable closeClient;
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    private final LongAdder operations = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("none");
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private LettuceLoad(String name, Supplier<StatefulRedisConnection<String, String>> connect, Runnable closeClient,
            int threadCount) {
        this.name = name;
        this.connect = connect;
        this.closeClient = closeClient;
        for (int i = 0; i < threadCount; i++) {
            String key = "redis-auth:bench-" + name + ":" + i;
            Thread thread = new Thread(() -> loop(key), "load-" + name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Ours: {@link RedisAuthClient#connect()}. */
    static LettuceLoad ours(RedisAuthClient client, int threads) {
        return new LettuceLoad("lettuce", client::connect, client::close, threads);
    }

    /** Stock Lettuce with a static token, never reconfigured. */
    static LettuceLoad stock(Endpoint endpoint, String token, int threads) {
        RedisClient client = LettuceClients.stock();
        return new LettuceLoad("stockLettuce", () -> client.connect(LettuceClients.stockUri(endpoint, token)),
                () -> LettuceClients.shutdown(client), threads);
    }

    private void loop(String key) {
        long sequence = 0;
        while (running) {
            String value = Long.toString(sequence++);
            try {
                RedisCommands<String, String> commands = connection().sync();
                commands.set(key, value);
                String read = commands.get(key);
                if (!value.equals(read)) {
                    throw new IllegalStateException("GET returned " + read + " after SET " + value);
                }
                operations.increment();
            } catch (RuntimeException failure) {
                failures.increment();
                if (ReplyClassifier.classify(failure) != AuthReply.OTHER) {
                    authFailures.increment();
                }
                lastFailure.set(describe(failure));
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The failure and its causes, one after another (Lettuce wraps the server's reply). */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection.get();
        if (current == null) {
            current = connect.get();
            connection.set(current);
        }
        return current;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long operations() {
        return operations.sum();
    }

    @Override
    public long failures() {
        return failures.sum();
    }

    @Override
    public long authFailures() {
        return authFailures.sum();
    }

    @Override
    public String lastFailure() {
        return lastFailure.get();
    }

    @Override
    public void close() {
        running = false;
        // Closing first fails commands still waiting for a reconnect at once, instead of after the timeout.
        StatefulRedisConnection<String, String> current = connection.get();
        if (current != null) {
            current.close();
        }
        closeClient.run();
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
