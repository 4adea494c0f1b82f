package io.github.redisauth.testkit;

/**
 * Run in a child JVM by {@link ProcessCleanupIT}: starts servers, prints
 * {@code READY <port> <pid> ...} and waits to be killed. An argument {@code cluster:V7} starts a
 * three-node {@link RedisCluster} and prints each node's port and pid.
 */
public final class WatchdogChildMain {

    private WatchdogChildMain() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder line = new StringBuilder("READY");
        for (String v : args) {
            if (v.startsWith("cluster:")) {
                RedisCluster c = RedisCluster.builder(RedisVersion.valueOf(v.substring(8))).nodes(3).tls(true)
                        .name("watchdog-child-cluster").start();
                for (RedisServer s : c.nodes()) {
                    line.append(' ').append(s.port()).append(' ').append(s.pid());
                }
                continue;
            }
            RedisServer s = RedisServer.builder(RedisVersion.valueOf(v)).name("watchdog-child").start();
            line.append(' ').append(s.port()).append(' ').append(s.pid());
        }
        System.out.println(line);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
