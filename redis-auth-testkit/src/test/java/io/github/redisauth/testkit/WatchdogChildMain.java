package io.github.redisauth.testkit;

/**
 * Run in a child JVM by {@link ProcessCleanupIT}: starts servers, prints
 * {@code READY <port> <pid> ...} and waits to be killed.
 */
public final class WatchdogChildMain {

    private WatchdogChildMain() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder line = new StringBuilder("READY");
        for (String v : args) {
            RedisServer s = RedisServer.builder(RedisVersion.valueOf(v)).name("watchdog-child").start();
            line.append(' ').append(s.port()).append(' ').append(s.pid());
        }
        System.out.println(line);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
