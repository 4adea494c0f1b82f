package io.github.redisauth.jedis;

import io.github.redisauth.testkit.ServerCertificate;
import io.github.redisauth.testkit.TestCertificates;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Three redis-server 7.x primaries with TLS (clients and bus) and cluster mode enabled on loopback,
 * slots split evenly, one password. Test fixture; every wait is bounded.
 */
final class TlsRedisCluster implements AutoCloseable {

    private static final int[][] SLOTS = {{0, 5460}, {5461, 10922}, {10923, 16383}};
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(8);

    private final List<LocalRedisProcess> nodes = new ArrayList<>();
    private volatile String adminPassword;

    private TlsRedisCluster(String password) {
        this.adminPassword = password;
    }

    /** @param password the password of every node, or null for none */
    static TlsRedisCluster start(String password) throws IOException, InterruptedException {
        TlsRedisCluster cluster = new TlsRedisCluster(password);
        try {
            cluster.launch();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void launch() throws IOException, InterruptedException {
        TestCertificates certificates = TestCertificates.shared();
        ServerCertificate server = certificates.server();
        for (int i = 0; i < SLOTS.length; i++) {
            int busPort = LocalRedisProcess.freePort();
            nodes.add(LocalRedisProcess.start("cluster-" + i, "--tls-port", admin(),
                    "--cluster-announce-port", "{port}", "--cluster-announce-tls-port", "{port}",
                    "--tls-cert-file", server.certificate().toString(),
                    "--tls-key-file", server.privateKey().toString(),
                    "--tls-ca-cert-file", certificates.caCertificate().toString(),
                    "--tls-auth-clients", "no", "--tls-cluster", "no",
                    "--cluster-enabled", "yes", "--cluster-port", Integer.toString(busPort),
                    "--cluster-node-timeout", "5000",
                    "--requirepass", adminPassword == null ? "" : adminPassword));
        }
        for (int i = 0; i < nodes.size(); i++) {
            command(i, "CLUSTER", "ADDSLOTSRANGE", Integer.toString(SLOTS[i][0]), Integer.toString(SLOTS[i][1]));
        }
        for (int i = 1; i < nodes.size(); i++) {
            String busPort = command(i, "CONFIG", "GET", "cluster-port");
            command(0, "CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port), busPort);
        }
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (int i = 0; i < nodes.size(); i++) {
            while (!command(i, "CLUSTER", "INFO").contains("cluster_state:ok")
                    || !command(i, "CLUSTER", "INFO").contains("cluster_known_nodes:3")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("cluster not ok within " + READY_TIMEOUT + ": " + command(i, "CLUSTER", "INFO"));
                }
                Thread.sleep(100);
            }
        }
    }

    Set<HostAndPort> seeds() {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        nodes.forEach(node -> seeds.add(new HostAndPort("localhost", node.port)));
        return seeds;
    }

    /** Replaces the passwords of the default user on every node (ACL), like an ElastiCache SET/ROTATE. */
    void setPasswords(String... passwords) {
        List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", "default", "on", "resetpass"));
        for (String password : passwords) {
            args.add(">" + password);
        }
        for (int i = 0; i < nodes.size(); i++) {
            command(i, args.toArray(new String[0]));
        }
        adminPassword = passwords[0];
    }

    /** Closes every normal client connection on every node (the admin connection is opened per command). */
    void killClients() {
        for (int i = 0; i < nodes.size(); i++) {
            command(i, "CLIENT", "KILL", "TYPE", "normal");
        }
    }

    @SuppressWarnings("deprecation") // ssl(..), sslSocketFactory(..)
    private JedisClientConfig admin() {
        return DefaultJedisClientConfig.builder().serverDefaultProtocol().password(adminPassword).ssl(true)
                .sslSocketFactory(TestCertificates.shared().clientSslContext().getSocketFactory()).build();
    }

    private String command(int node, String... args) {
        try (Connection connection = new Connection(new HostAndPort("localhost", nodes.get(node).port), admin())) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            connection.sendCommand(() -> SafeEncoder.encode(args[0]), rest);
            return render(connection.getOne());
        }
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return SafeEncoder.encode(bytes);
        }
        if (reply instanceof List<?> list) {
            return list.size() > 1 ? render(list.get(1)) : list.toString();
        }
        return String.valueOf(reply);
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedisProcess::close);
    }
}
