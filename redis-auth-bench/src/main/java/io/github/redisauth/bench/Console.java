package io.github.redisauth.bench;

/** Progress and details for people: stderr, so that stdout ends with the JSON line. */
final class Console {

    private static final long START = System.nanoTime();

    private Console() {
    }

    static void say(String format, Object... args) {
        System.err.printf("[bench %6.1fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
        System.err.flush();
    }
}
