package io.github.redisauth.bench;

import io.github.redisauth.testkit.RedisServer;

/**
 * Reconnect time: from the moment {@code CLIENT KILL} has closed every client connection to the
 * first command that succeeds, ours against stock with a static token and no rotation. Each kill
 * is measured for one client only (ours and stock alternate, order swapped every pair), and a
 * failed command is tried again at once: the time includes failed attempts, as an application
 * that retries would see it.
 */
final class ReconnectTime {

    /** One command through a client; throws when it fails. */
    @FunctionalInterface
    interface Command {
        void run() throws Exception;
    }

    private ReconnectTime() {
    }

    static Comparison measure(String client, RedisServer server, BenchSettings settings, Command ours, Command stock)
            throws InterruptedException {
        Samples oursSamples = new Samples();
        Samples stockSamples = new Samples();
        int warmup = Math.max(1, settings.reconnectKills() / 10);
        for (int i = 0; i < warmup + settings.reconnectKills(); i++) {
            boolean oursFirst = i % 2 == 0;
            long first = killAndTime(server, oursFirst ? ours : stock);
            long second = killAndTime(server, oursFirst ? stock : ours);
            if (i >= warmup) {
                oursSamples.add(oursFirst ? first : second);
                stockSamples.add(oursFirst ? second : first);
            }
        }
        Comparison result = new Comparison(oursSamples, stockSamples);
        Console.say("reconnect %s: %s", client, result);
        return result;
    }

    private static long killAndTime(RedisServer server, Command command) throws InterruptedException {
        runUntilSuccess(command, 10_000); // a live connection to kill
        Thread.sleep(5);
        server.killClients();
        long start = System.nanoTime();
        runUntilSuccess(command, 30_000);
        return System.nanoTime() - start;
    }

    private static void runUntilSuccess(Command command, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                command.run();
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("no command succeeded within " + timeoutMillis + " ms; last failure: " + last, last);
    }
}
