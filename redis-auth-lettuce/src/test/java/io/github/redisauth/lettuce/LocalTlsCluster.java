package io.github.redisauth.lettuce;

import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three cluster-enabled redis-server 7.x nodes on loopback with TLS for clients and the cluster bus,
 * 16384 slots split between them, {@code cluster_state:ok} awaited (bounded).
 */
final class LocalTlsCluster implements AutoCloseable {

    final List<LocalRedisNode> nodes = new ArrayList<>();

    LocalTlsCluster() {
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(LocalRedisNode.start("cluster" + i, true));
            }
            int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
            for (int i = 0; i < 3; i++) {
                nodes.get(i).command(CommandType.CLUSTER, List.of("ADDSLOTSRANGE", "" + ranges[i][0], "" + ranges[i][1]));
            }
            LocalRedisNode first = nodes.get(0);
            for (int i = 1; i < 3; i++) {
                nodes.get(i).command(CommandType.CLUSTER, List.of("MEET", "127.0.0.1", "" + first.plainPort, "" + first.busPort));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!allOk()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster did not reach cluster_state:ok in 30 s; " + first.log());
                }
                LocalRedisNode.sleep(100);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private boolean allOk() {
        for (LocalRedisNode node : nodes) {
            String info = node.admin().clusterInfo();
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
                return false;
            }
        }
        return true;
    }

    void setPasswords(String... passwords) {
        nodes.forEach(n -> n.setPasswords(passwords));
    }

    void killClients() {
        nodes.forEach(LocalRedisNode::killClients);
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedisNode::close);
    }
}
