package io.github.redisauth.testkit;

import io.github.redisauth.testkit.internal.ServerFiles;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster (cluster mode enabled) of real redis-server primaries on loopback, each a
 * {@link RedisServer} (so each runs under the testkit's watchdog and dies with the JVM, even on
 * kill -9), the 16384 slots split evenly, optionally with TLS and passwords.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder(RedisVersion.V7).nodes(3).tls(true).password(token).start()) {
 *     // seed a cluster client with cluster.seed().host()/port(), or with every node of cluster.nodes()
 *     cluster.setPasswords(oldToken, newToken);   // on every node
 *     cluster.killClients();                      // on every node
 * }
 * }</pre>
 *
 * <p>Nodes announce {@code 127.0.0.1} (clients then verify the server certificate by IP: the
 * testkit's server certificate has {@code IP:127.0.0.1} next to {@code DNS:localhost}). With TLS,
 * clients, the cluster bus ({@code tls-cluster yes}) and replication ({@code tls-replication yes})
 * use TLS with {@link TestCertificates#server()}, which carries the clientAuth extended key usage
 * that bus peers need. The testkit's own admin connections stay on each node's plaintext
 * 127.0.0.1 port as the ACL user {@value RedisServer#ADMIN_USER}.
 *
 * <p>Redis 6.2 and 7.x only (2.8 has no cluster mode). Node directories are
 * {@code target/redis-auth-testkit/servers/<name>-<n>-<port>/}.
 *
 * <p>Thread-safe: all methods may be called from any thread; they are serialized.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final int SLOTS = 16384;

    private final RedisVersion version;
    private final List<RedisServer> nodes = new ArrayList<>();
    private final Duration readyTimeout;
    private boolean closed;

    private RedisCluster(Builder b) {
        this.version = b.version;
        this.readyTimeout = b.readyTimeout;
    }

    /**
     * A builder for a cluster of the given version. Defaults: 3 nodes, no TLS, no password, name
     * {@code cluster-<major>}, cluster ready timeout 30 s.
     *
     * @param version {@link RedisVersion#V6_2} or {@link RedisVersion#V7}
     * @return a new builder
     * @throws IllegalArgumentException for {@link RedisVersion#V2_8} (no cluster mode)
     */
    public static Builder builder(RedisVersion version) {
        Objects.requireNonNull(version, "version");
        if (version.major() < 6) {
            throw new IllegalArgumentException("Redis " + version.label() + " has no cluster mode here; use V6_2 or V7");
        }
        return new Builder(version);
    }

    /** {@return the nodes, in slot order (node 0 serves slots from 0); unmodifiable} */
    public synchronized List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** {@return the first node: its {@link RedisServer#host()} and {@link RedisServer#port()} seed a cluster client} */
    public synchronized RedisServer seed() {
        return nodes.get(0);
    }

    /** {@return the version every node runs} */
    public RedisVersion version() {
        return version;
    }

    /** {@return whether clients must use TLS on every node's {@link RedisServer#port()}} */
    public synchronized boolean tls() {
        return nodes.get(0).tls();
    }

    /**
     * Replaces the passwords of the default user on every node (see
     * {@link RedisServer#setPasswords(String...)}): none, one or two. The cluster bus and the
     * testkit's admin connections do not use them.
     *
     * @param passwords zero, one or two passwords
     * @throws IllegalArgumentException for more than two, or null/empty ones
     * @throws IllegalStateException when the cluster is closed or a node fails
     */
    public synchronized void setPasswords(String... passwords) {
        RedisServer.validatePasswords(version, passwords);
        requireOpen();
        for (RedisServer node : nodes) {
            node.setPasswords(passwords);
        }
    }

    /**
     * Closes every normal and pub/sub client connection on every node (see
     * {@link RedisServer#killClients()}); the cluster bus is untouched.
     *
     * @throws IllegalStateException when the cluster is closed or a node fails
     */
    public synchronized void killClients() {
        requireOpen();
        for (RedisServer node : nodes) {
            node.killClients();
        }
    }

    /**
     * Stops every node (see {@link RedisServer#stop()}) and waits until no process and no
     * listening port is left. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RedisServer node : nodes) {
            node.close();
        }
    }

    /** {@code RedisCluster[3 x Redis 7.0.15 (TLS) localhost:1,2,3, running]}; never passwords. */
    @Override
    public synchronized String toString() {
        StringBuilder ports = new StringBuilder();
        for (RedisServer node : nodes) {
            ports.append(ports.length() == 0 ? "" : ",").append(node.port());
        }
        String exact = nodes.isEmpty() ? version.label() : nodes.get(0).versionString();
        return "RedisCluster[" + nodes.size() + " x Redis " + exact + (!nodes.isEmpty() && tls() ? " (TLS)" : "")
                + " localhost:" + ports + ", " + (closed ? "stopped" : "running") + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is stopped");
        }
    }

    // ---- startup ----

    private synchronized RedisCluster start(Builder b) {
        try {
            for (int i = 0; i < b.nodes; i++) {
                RedisServer.Builder node = RedisServer.builder(version).cluster(true).name(b.name + "-" + i)
                        .startupTimeout(b.startupTimeout).passwords(b.passwords.toArray(new String[0]));
                nodes.add((b.tls ? node.tls(true) : node).start());
            }
            assignSlots();
            for (int i = 1; i < nodes.size(); i++) {
                RedisServer other = nodes.get(i);
                // the port Redis announces for a node: its TLS port with tls-cluster yes
                nodes.get(0).adminCommand("CLUSTER", "MEET", "127.0.0.1", Integer.toString(announcedPort(other)),
                        Integer.toString(other.clusterBusPort()));
            }
            awaitClusterOk();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("started {}", this);
        return this;
    }

    private static int announcedPort(RedisServer node) {
        return node.tls() ? node.port() : node.adminPort();
    }

    private void assignSlots() {
        int n = nodes.size();
        for (int i = 0; i < n; i++) {
            int first = SLOTS * i / n;
            int last = SLOTS * (i + 1) / n - 1;
            RedisServer node = nodes.get(i);
            if (version.major() >= 7) {
                node.adminCommand("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
            } else {
                String[] args = new String[2 + last - first + 1];
                args[0] = "CLUSTER";
                args[1] = "ADDSLOTS";
                for (int slot = first; slot <= last; slot++) {
                    args[2 + slot - first] = Integer.toString(slot);
                }
                node.adminCommand(args);
            }
        }
    }

    private void awaitClusterOk() {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        String expectedNodes = "cluster_known_nodes:" + nodes.size();
        for (RedisServer node : nodes) {
            while (true) {
                String info = String.valueOf(node.adminCommand("CLUSTER", "INFO"));
                if (info.contains("cluster_state:ok") && info.contains(expectedNodes)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    StringBuilder message = new StringBuilder("Redis Cluster of " + nodes.size() + " x Redis "
                            + version.label() + " not ok within " + readyTimeout.toMillis() + " ms; "
                            + node + " reports:\n" + info.strip());
                    for (RedisServer each : nodes) {
                        message.append(ServerFiles.tail(each.directory(), 15));
                    }
                    throw new IllegalStateException(message.toString());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting " + this, e);
                }
            }
        }
    }

    /**
     * Configures and starts a {@link RedisCluster}. Not thread-safe; {@link #start()} may be
     * called more than once to start several independent clusters.
     */
    public static final class Builder {
        private final RedisVersion version;
        private int nodes = 3;
        private boolean tls;
        private List<String> passwords = List.of();
        private String name;
        private Duration startupTimeout = Duration.ofSeconds(10);
        private Duration readyTimeout = Duration.ofSeconds(30);

        private Builder(RedisVersion version) {
            this.version = version;
            this.name = "cluster-" + version.major();
        }

        /**
         * The number of primaries (default 3, the minimum Redis accepts for a healthy cluster
         * in practice; 1 to 16 here).
         *
         * @param nodes 1 to 16
         * @return this builder
         * @throws IllegalArgumentException outside 1..16
         */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("nodes must be 1..16 (got " + nodes + ")");
            }
            this.nodes = nodes;
            return this;
        }

        /**
         * TLS for clients, the cluster bus and replication (default false), with
         * {@link TestCertificates#server()}.
         *
         * @param tls whether to serve TLS
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * One password for the default user on every node (default: none).
         *
         * @param password the password
         * @return this builder
         * @throws IllegalArgumentException when null or empty
         */
        public Builder password(String password) {
            return passwords(password);
        }

        /**
         * The passwords the default user accepts on every node: none, one or two.
         *
         * @param passwords zero, one or two passwords
         * @return this builder
         * @throws IllegalArgumentException for more than two, or null/empty ones
         */
        public Builder passwords(String... passwords) {
            this.passwords = RedisServer.validatePasswords(version, passwords);
            return this;
        }

        /**
         * Prefix of the node directory names {@code <name>-<n>-<port>} (default
         * {@code cluster-<major>}).
         *
         * @param name 1-60 characters of {@code [A-Za-z0-9._-]}
         * @return this builder
         * @throws IllegalArgumentException for other names
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]{1,60}")) {
                throw new IllegalArgumentException("name must be 1-60 characters of [A-Za-z0-9._-]");
            }
            this.name = name;
            return this;
        }

        /**
         * How long each node may take to answer (default 10 s, see
         * {@link RedisServer.Builder#startupTimeout(Duration)}).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = positive(timeout);
            return this;
        }

        /**
         * How long {@link #start()} waits, once the nodes run, for {@code cluster_state:ok} and
         * every node known on every node (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = positive(timeout);
            return this;
        }

        /**
         * Starts the nodes, assigns the slots ({@code CLUSTER ADDSLOTSRANGE} on 7.x,
         * {@code ADDSLOTS} on 6.2), introduces them ({@code CLUSTER MEET}) and returns once every
         * node reports {@code cluster_state:ok} and knows every other node.
         *
         * @return the running cluster; the caller stops it ({@link RedisCluster#close()})
         * @throws IllegalStateException when the version is unavailable here (message = the
         *         reason), or the cluster does not form in time (message has each node's log tail);
         *         nodes started so far are stopped
         * @throws UncheckedIOException when files or processes cannot be created
         */
        public RedisCluster start() {
            version.unavailableReason().ifPresent(reason -> {
                throw new IllegalStateException(reason);
            });
            return new RedisCluster(this).start(this);
        }

        private static Duration positive(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return timeout;
        }
    }
}
