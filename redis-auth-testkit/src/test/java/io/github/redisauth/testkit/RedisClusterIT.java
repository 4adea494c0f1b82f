package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.Available.TOKEN;
import static io.github.redisauth.testkit.Available.TOKEN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Three real cluster nodes over TLS (clients and bus) with AUTH: forms, serves, rotates, cleans up. */
class RedisClusterIT {

    static RespClient tlsClient(String host, int port) throws IOException {
        return RespClient.connect(host, port, TestCertificates.shared().clientSslContext(), Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void formsAndServesOverTlsWithAuth(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisCluster cluster = RedisCluster.builder(version).nodes(3).tls(true).password(TOKEN).start()) {
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.seed()).isSameAs(cluster.nodes().get(0));
            assertThat(cluster.tls()).isTrue();
            assertThat(cluster.toString()).contains("3 x Redis").contains("(TLS)").doesNotContain(TOKEN);
            Set<Integer> ports = new HashSet<>();
            cluster.nodes().forEach(n -> ports.add(n.port()));
            for (RedisServer node : cluster.nodes()) {
                assertThat(node.tls()).isTrue();
                try (RespClient c = tlsClient(node.host(), node.port())) {
                    assertThatThrownBy(() -> c.command("PING")).isInstanceOfSatisfying(RespErrorException.class,
                            e -> assertThat(e.message()).isEqualTo(RedisServerAuthIT.NOAUTH));
                    assertThat(c.command("AUTH", TOKEN)).isEqualTo("OK");
                    String info = String.valueOf(c.command("CLUSTER", "INFO"));
                    assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3",
                            "cluster_slots_assigned:16384");
                    assertThat(c.command("CONFIG", "GET", "tls-cluster")).isEqualTo(List.of("tls-cluster", "yes"));
                    // every slot range is served by a node announced as 127.0.0.1 on its TLS port
                    List<?> slots = (List<?>) c.command("CLUSTER", "SLOTS");
                    assertThat(slots).hasSize(3);
                    for (Object range : slots) {
                        List<?> primary = (List<?>) ((List<?>) range).get(2);
                        assertThat(primary.get(0)).isEqualTo("127.0.0.1");
                        assertThat(ports).contains(((Long) primary.get(1)).intValue());
                    }
                }
            }
            // a key lands on its node via MOVED; the certificate matches 127.0.0.1
            try (RespClient seed = tlsClient(cluster.seed().host(), cluster.seed().port())) {
                seed.command("AUTH", TOKEN);
                for (String key : List.of("a", "b", "c", "d")) {
                    try {
                        assertThat(seed.command("SET", key, "v")).isEqualTo("OK");
                    } catch (RespErrorException moved) {
                        assertThat(moved.message()).startsWith("MOVED ");
                        String[] target = moved.message().split(" ")[2].split(":");
                        assertThat(target[0]).isEqualTo("127.0.0.1");
                        try (RespClient owner = tlsClient(target[0], Integer.parseInt(target[1]))) {
                            owner.command("AUTH", TOKEN);
                            assertThat(owner.command("SET", key, "v")).isEqualTo("OK");
                            assertThat(owner.command("GET", key)).isEqualTo("v");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void passwordChangeAndKillClientsOnEveryNode(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisCluster cluster = RedisCluster.builder(version).tls(true).start()) {
            List<RespClient> before = new ArrayList<>();
            try {
                for (RedisServer node : cluster.nodes()) {
                    RespClient c = tlsClient(node.host(), node.port());
                    before.add(c);
                    assertThat(c.command("PING")).isEqualTo("PONG");
                }
                cluster.setPasswords(TOKEN, TOKEN_2);
                for (RedisServer node : cluster.nodes()) {
                    try (RespClient a = tlsClient(node.host(), node.port());
                            RespClient b = tlsClient(node.host(), node.port())) {
                        assertThat(a.command("AUTH", TOKEN)).isEqualTo("OK");
                        assertThat(b.command("AUTH", TOKEN_2)).isEqualTo("OK");
                    }
                }
                cluster.killClients();
                for (RespClient c : before) {
                    assertThatThrownBy(() -> c.command("PING")).isInstanceOf(IOException.class);
                }
                cluster.setPasswords(TOKEN_2);
                for (RedisServer node : cluster.nodes()) {
                    try (RespClient c = tlsClient(node.host(), node.port())) {
                        assertThatThrownBy(() -> c.command("AUTH", TOKEN)).isInstanceOfSatisfying(
                                RespErrorException.class, e -> assertThat(e.message()).isEqualTo(RedisServerAuthIT.WRONGPASS));
                        assertThat(c.command("AUTH", TOKEN_2)).isEqualTo("OK");
                        assertThat(String.valueOf(c.command("CLUSTER", "INFO"))).contains("cluster_state:ok");
                    }
                }
            } finally {
                before.forEach(RespClient::close);
            }
        }
    }

    @Test
    void closeLeavesNoProcessNoPortNoWatchdog() throws Exception {
        Available.assume(RedisVersion.V7);
        RedisCluster cluster = RedisCluster.builder(RedisVersion.V7).tls(true).password(TOKEN).start();
        List<Integer> ports = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (RedisServer node : cluster.nodes()) {
            ports.add(node.port());
            ports.add(node.clusterBusPort());
            pids.add(node.pid());
            dirs.add(node.directory().toString());
            assertThat(ProcScan.alive(node.pid())).isTrue();
            assertThat(ProcessCleanupIT.listening(node.clusterBusPort())).isTrue();
        }
        cluster.close();
        cluster.close(); // idempotent
        assertThatThrownBy(cluster::killClients).isInstanceOf(IllegalStateException.class);
        for (long pid : pids) {
            assertThat(ProcScan.alive(pid)).as("redis-server pid %s", pid).isFalse();
        }
        for (int port : ports) {
            assertThat(ProcessCleanupIT.listening(port)).as("port %s", port).isFalse();
            assertThat(ProcScan.redisProcessesMentioning(port)).isEmpty();
        }
        for (String dir : dirs) {
            assertThat(ProcScan.processesMentioning(dir)).as("watchdog shell of %s", dir).isEmpty();
        }
    }

    @Test
    void nodesDieWithTheJvmEvenOnKillMinus9() throws Exception {
        Available.assume(RedisVersion.V7);
        try (WatchdogChild child = WatchdogChild.start(List.of("cluster:V7"))) {
            List<Integer> ports = child.ports;
            List<Long> pids = child.pids;
            assertThat(pids).hasSize(3).allSatisfy(pid -> assertThat(ProcScan.alive(pid)).isTrue());

            assertThat(child.killMinus9()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // a killed multi-threaded redis shows as a zombie before its last thread has closed the sockets
            while (System.nanoTime() < deadline && (pids.stream().anyMatch(ProcScan::alive)
                    || ports.stream().anyMatch(ProcessCleanupIT::listening))) {
                Thread.sleep(50);
            }
            for (int i = 0; i < pids.size(); i++) {
                assertThat(ProcScan.alive(pids.get(i))).as("pid %s", pids.get(i)).isFalse();
                assertThat(ProcessCleanupIT.listening(ports.get(i))).as("port %s", ports.get(i)).isFalse();
            }
        }
    }

    @Test
    void redis28HasNoClusterMode() {
        assertThatThrownBy(() -> RedisCluster.builder(RedisVersion.V2_8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no cluster mode");
    }
}
