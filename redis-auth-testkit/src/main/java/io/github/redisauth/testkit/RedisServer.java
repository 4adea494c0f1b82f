package io.github.redisauth.testkit;

import io.github.redisauth.testkit.internal.AdminConnection;
import io.github.redisauth.testkit.internal.Ports;
import io.github.redisauth.testkit.internal.ServerFiles;
import io.github.redisauth.testkit.internal.ServerProcess;
import io.github.redisauth.testkit.internal.TlsFront;
import io.github.redisauth.testkit.internal.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real redis-server process on a free loopback port, optionally with TLS and passwords.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder(RedisVersion.V6_2).tls(true).password(token).start()) {
 *     try (RespClient c = RespClient.connect(redis.host(), redis.port(),
 *             TestCertificates.shared().clientSslContext(), Duration.ofSeconds(2))) {
 *         c.command("AUTH", token);
 *     }
 * }
 * }</pre>
 *
 * <p>Files live under {@code target/redis-auth-testkit/servers/<name>-<port>/} (or under
 * {@code java.io.tmpdir} when there is no {@code target/}). The server runs under a watchdog so
 * it dies with the JVM, even on kill -9. With TLS, Redis 6/7 serve TLS themselves and Redis 2.8
 * gets an in-process TLS front; in both cases a plaintext admin port on 127.0.0.1 is used by the
 * testkit itself. On Redis 6+ the testkit authenticates as its own ACL user
 * {@value #ADMIN_USER}, so changing the default user's passwords never locks it out.
 *
 * <p>Passwords never appear in logs, exception messages or {@link #toString()}; they are on
 * disk only in a mode-600 file during startup (as SHA-256 hashes on Redis 6+).
 *
 * <p>Thread-safe: all methods may be called from any thread; they are serialized.
 */
public final class RedisServer implements AutoCloseable {

    /** The ACL user the testkit's admin connection uses on Redis 6 and later. */
    public static final String ADMIN_USER = "testkit-admin";

    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
    private static final String HOST = "localhost";
    private static final int PORT_ATTEMPTS = 5;
    /** Redis before 7.0 puts the cluster bus on the client port + 10000 (no {@code cluster-port}). */
    private static final int CLUSTER_BUS_OFFSET = 10000;

    private final RedisVersion version;
    private final String name;
    private final ServerCertificate certificate;
    private final Duration startupTimeout;
    private final String adminPassword;
    private final boolean cluster;
    private List<String> passwords;

    private TlsFront front;
    private ServerProcess process;
    private AdminConnection admin;
    private int adminPort;
    private int tlsPort = -1;
    private int busPort = -1;
    private Path directory;
    private String versionString;
    private boolean stopped;

    private RedisServer(Builder b) {
        this.version = b.version;
        this.name = b.name != null ? b.name : "redis-" + b.version.label().replace(".x", "");
        this.certificate = b.tls ? (b.certificate != null ? b.certificate : TestCertificates.shared().server()) : null;
        this.startupTimeout = b.startupTimeout;
        this.passwords = b.passwords;
        this.cluster = b.cluster;
        if (cluster && version.major() < 6) {
            throw new IllegalArgumentException("cluster nodes need Redis 6 or later here (got " + version.label() + ")");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.adminPassword = HexFormat.of().formatHex(random);
    }

    /**
     * A builder for a server of the given version. Defaults: no TLS, no password, name
     * {@code redis-<major>}, startup timeout 10 s.
     *
     * @param version the server to start
     * @return a new builder
     */
    public static Builder builder(RedisVersion version) {
        return new Builder(Objects.requireNonNull(version, "version"));
    }

    /** {@return always {@code "localhost"} (the test server certificate matches it)} */
    public String host() {
        return HOST;
    }

    /** {@return the client-facing port: the TLS port when TLS is on, else the plaintext port} */
    public synchronized int port() {
        if (front != null) {
            return front.port();
        }
        return tlsPort > 0 ? tlsPort : adminPort;
    }

    /** {@return whether clients must use TLS on {@link #port()}} */
    public boolean tls() {
        return certificate != null;
    }

    /** {@return the version this server was built for} */
    public RedisVersion version() {
        return version;
    }

    /** {@return the exact version from {@code INFO server}, e.g. {@code "2.8.19"}, {@code "6.2.11"}, {@code "7.0.15"}} */
    public synchronized String versionString() {
        return versionString;
    }

    /** {@return {@code redis://localhost:port} or {@code rediss://localhost:port}; never contains a password} */
    public URI uri() {
        return URI.create((tls() ? "rediss" : "redis") + "://" + HOST + ":" + port());
    }

    /** {@return the server's log file ({@code logfile} directive)} */
    public synchronized Path logFile() {
        return directory.resolve(ServerFiles.LOG);
    }

    /** {@return the server's working directory} */
    public synchronized Path directory() {
        return directory;
    }

    /** {@return the certificate served when TLS is on, else {@code null}} */
    public ServerCertificate certificate() {
        return certificate;
    }

    /**
     * Replaces the set of passwords the default user accepts: none = no password, one, or two
     * (Redis 6+ only, via {@code ACL SETUSER default on resetpass >a >b}). On 2.8 via
     * {@code CONFIG SET requirepass}. Existing connections are not dropped and authenticated ones
     * stay authenticated (Redis semantics); on 2.8, connections that never sent AUTH get
     * {@code NOAUTH} once a password is set, while on 6+ they stay logged in as the default user.
     * The new set survives {@link #restart()}.
     *
     * @param passwords zero, one or two passwords
     * @throws IllegalArgumentException for more than two passwords, two on Redis 2.8, or a
     *         null/empty password
     * @throws IllegalStateException when the server is stopped or the admin connection fails
     */
    public synchronized void setPasswords(String... passwords) {
        List<String> next = validatePasswords(version, passwords);
        requireRunning();
        if (version.supportsAcl()) {
            List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", "default", "on"));
            if (next.isEmpty()) {
                args.add("nopass");
            } else {
                args.add("resetpass");
                next.forEach(p -> args.add(">" + p));
            }
            admin(args.toArray(new String[0]));
        } else {
            admin("CONFIG", "SET", "requirepass", next.isEmpty() ? "" : next.get(0));
            this.passwords = next;
            if (!next.isEmpty()) {
                // 2.8 asks connections that never authenticated for AUTH once a password is set
                admin("AUTH", next.get(0));
            }
        }
        this.passwords = next;
        LOG.info("Redis on {}:{} now accepts {}", HOST, port(), describePasswords(next));
    }

    /**
     * Closes every normal (and pub/sub) client connection except the testkit's admin
     * connection, with {@code CLIENT KILL TYPE normal} / {@code TYPE pubsub}; on 2.8 behind the
     * TLS front, the front's client connections are closed too. Clients see EOF on their next read.
     *
     * @throws IllegalStateException when the server is stopped or the admin connection fails
     */
    public synchronized void killClients() {
        requireRunning();
        long killed = toLong(admin("CLIENT", "KILL", "TYPE", "normal"))
                + toLong(admin("CLIENT", "KILL", "TYPE", "pubsub"));
        if (front != null) {
            front.closeClients();
        }
        LOG.info("killed {} client connection(s) of Redis on {}:{}", killed, HOST, port());
    }

    /**
     * Stops the server and starts it again on the same ports with the current passwords and
     * TLS settings; returns once it answers PING (or NOAUTH). Data is kept: the server is stopped
     * with {@code SHUTDOWN SAVE}, which writes and exits in one step, and loads the file at start,
     * so a client that wrote a key before the restart reads it after (a restart, not a flush).
     *
     * @throws IllegalStateException when it was stopped with {@link #stop()}, or does not come
     *         back within the startup timeout (the message has the tail of the server log)
     */
    public synchronized void restart() {
        if (stopped) {
            throw new IllegalStateException("stopped " + this + " cannot be restarted");
        }
        try {
            admin("SHUTDOWN", "SAVE");
        } catch (RuntimeException closedAsItExits) {
            // the server closes the admin connection as it exits; stopProcess() waits for the exit
        }
        stopProcess();
        try {
            launch();
        } catch (PortTakenException e) {
            throw new IllegalStateException("cannot restart " + this + ": port taken meanwhile" + e.getMessage());
        }
        LOG.info("restarted Redis {}{} on {}:{}, log {}", versionString, tls() ? " (TLS)" : "", HOST, port(),
                displayPath(logFile()));
    }

    /**
     * Makes this server a replica of {@code primary} ({@code REPLICAOF}) and waits until the
     * replication link is up. The replica connects to the primary's plaintext admin port on
     * 127.0.0.1 as the testkit's ACL user, so password changes on either server never break
     * replication. Redis 6+ only; call {@link #setPasswords} on each server as needed.
     *
     * @param primary a running Redis 6+ server started by the testkit
     * @throws IllegalArgumentException when either server is older than Redis 6, or it is this server
     * @throws IllegalStateException when a server is stopped, or the link is not up within the
     *         startup timeout (the message has the tail of this server's log)
     */
    public void replicaOf(RedisServer primary) {
        Objects.requireNonNull(primary, "primary");
        if (primary == this) {
            throw new IllegalArgumentException("a server cannot replicate itself");
        }
        if (!version.supportsAcl() || !primary.version.supportsAcl()) {
            throw new IllegalArgumentException("replicaOf needs Redis 6 or later on both servers");
        }
        int primaryPort = primary.adminPort();
        synchronized (this) {
            requireRunning();
            admin("CONFIG", "SET", "masteruser", ADMIN_USER);
            admin("CONFIG", "SET", "masterauth", primary.adminPassword);
            admin("REPLICAOF", "127.0.0.1", Integer.toString(primaryPort));
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (!String.valueOf(admin("INFO", "replication")).contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(this + ": replication link to " + primary + " not up within "
                            + startupTimeout.toMillis() + " ms" + ServerFiles.tail(directory, 20));
                }
                sleep(20);
            }
        }
        LOG.info("Redis on {}:{} replicates {}:{}", HOST, port(), HOST, primary.port());
    }

    /** {@return the plaintext admin port on 127.0.0.1 (the testkit's own)} */
    synchronized int adminPort() {
        requireRunning();
        return adminPort;
    }

    /** {@return the cluster bus port, or -1 when this is not a cluster node} */
    synchronized int clusterBusPort() {
        return busPort;
    }

    /** {@return the reply of one command on the testkit's admin connection} */
    synchronized Object adminCommand(String... args) {
        requireRunning();
        return admin(args);
    }

    /**
     * Stops the server (SIGKILL through its watchdog), closes the TLS front and waits until no
     * process and no listening port is left. Idempotent; never throws.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        int publicPort = directory == null ? -1 : port();
        stopProcess();
        if (front != null) {
            front.close();
        }
        if (versionString != null) {
            LOG.info("stopped Redis {} on {}:{}", versionString, HOST, publicPort);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** {@return whether the server process is alive and {@link #stop()} has not been called} */
    public synchronized boolean isRunning() {
        return !stopped && process != null && process.isAlive();
    }

    /** {@return the pid of the redis-server process (for tests that check it is gone)} */
    public synchronized long pid() {
        return process == null ? -1 : process.serverPid();
    }

    /** {@code RedisServer[Redis 6.2.11 (TLS) localhost:12345, running]}; never passwords. */
    @Override
    public synchronized String toString() {
        return "RedisServer[Redis " + (versionString != null ? versionString : version.label())
                + (tls() ? " (TLS)" : "") + " " + HOST + ":" + (directory == null ? "?" : String.valueOf(port()))
                + ", " + (stopped ? "stopped" : "running") + "]";
    }

    // ---- lifecycle internals ----

    private synchronized RedisServer start() {
        try {
            if (tls() && !version.supportsNativeTls()) {
                front = TlsFront.start(certificate.chain(), certificate.privateKey(), 0);
            }
            PortTakenException last = null;
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                adminPort = Ports.freePort();
                tlsPort = tls() && version.supportsNativeTls() ? Ports.freePort() : -1;
                busPort = cluster ? pickBusPort() : -1;
                if (cluster && busPort < 0) {
                    last = new PortTakenException("\n(cluster bus port " + (clientPortOfBus() + CLUSTER_BUS_OFFSET)
                            + " unavailable)");
                    continue;
                }
                if (front != null) {
                    front.backendPort(adminPort);
                }
                directory = Workspace.directory("servers").resolve(name + "-" + port());
                try {
                    launch();
                    last = null;
                    break;
                } catch (PortTakenException e) {
                    last = e;
                    LOG.debug("port collision starting Redis {}, retrying", version.label());
                }
            }
            if (last != null) {
                throw new IllegalStateException("cannot start Redis " + version.label() + ": ports taken "
                        + PORT_ATTEMPTS + " times" + last.getMessage());
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("started Redis {}{} on {}:{}, log {}", versionString, tls() ? " (TLS)" : "", HOST, port(),
                displayPath(logFile()));
        return this;
    }

    private void launch() {
        ServerFiles.NativeTls nativeTls = tlsPort > 0
                ? new ServerFiles.NativeTls(tlsPort, certificate.certificate(), certificate.privateKey(),
                        certificate.chain())
                : null;
        Path config = ServerFiles.writeConfig(directory, adminPort, nativeTls, version.major() >= 3, clusterConfig());
        ServerFiles.writeAuthConfig(directory, version.supportsAcl(), ADMIN_USER, adminPassword, passwords);
        try {
            process = ServerProcess.launch(version.binary(), config, directory.resolve(ServerFiles.OUTPUT));
            awaitReady();
        } catch (IOException e) {
            stopProcess();
            throw new UncheckedIOException("cannot start Redis " + version.label() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopProcess();
            throw e;
        } finally {
            ServerFiles.deleteAuthConfig(directory);
        }
        versionString = infoField(String.valueOf(admin("INFO", "server")), "redis_version");
    }

    /** The cluster bus port for this attempt, or -1 when the implied one (6.2: port + 10000) is unusable. */
    private int pickBusPort() {
        if (version.major() >= 7) {
            return Ports.freePort();
        }
        int implied = clientPortOfBus() + CLUSTER_BUS_OFFSET;
        return implied <= 65535 && !Ports.isListening(implied) ? implied : -1;
    }

    /** The port Redis derives the bus port from and announces: the TLS port with {@code tls-cluster yes}. */
    private int clientPortOfBus() {
        return tlsPort > 0 ? tlsPort : adminPort;
    }

    private List<String> clusterConfig() {
        if (!cluster) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(
                "cluster-enabled yes",
                "cluster-config-file " + ServerFiles.quote(directory.resolve("nodes.conf").toString()),
                "cluster-node-timeout 5000",
                "cluster-announce-ip 127.0.0.1"));
        if (version.major() >= 7) {
            lines.add("cluster-port " + busPort);
        }
        if (tlsPort > 0) {
            // the bus and replication links present the server certificate as client certificate
            // (it carries the clientAuth extended key usage); the bus always demands one
            lines.add("tls-cluster yes");
            lines.add("tls-replication yes");
        }
        return lines;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String tail = ServerFiles.tail(directory, 20);
                if (tail.contains("Address already in use")) {
                    throw new PortTakenException(tail);
                }
                throw new IllegalStateException("Redis " + version.label() + " exited during startup" + tail);
            }
            if (adminAnswers() && (tlsPort < 0 || Ports.isListening(tlsPort))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis " + version.label() + " did not answer on 127.0.0.1:"
                        + adminPort + " within " + startupTimeout.toMillis() + " ms"
                        + ServerFiles.tail(directory, 20));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Redis " + version.label(), e);
            }
        }
    }

    private boolean adminAnswers() {
        if (admin == null) {
            admin = new AdminConnection(adminPort, version.supportsAcl() ? ADMIN_USER : null, adminPassword,
                    () -> passwords.isEmpty() ? null : passwords.get(0));
        }
        try {
            admin.connect();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Object admin(String... args) {
        if (admin == null) {
            throw new IllegalStateException(this + " is not running");
        }
        return admin.command(args);
    }

    private void stopProcess() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            Ports.awaitNotListening(adminPort, Duration.ofSeconds(5));
            if (tlsPort > 0) {
                Ports.awaitNotListening(tlsPort, Duration.ofSeconds(5));
            }
            if (busPort > 0) {
                Ports.awaitNotListening(busPort, Duration.ofSeconds(5));
            }
        }
    }

    private void requireRunning() {
        if (stopped || process == null) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    static List<String> validatePasswords(RedisVersion version, String... passwords) {
        Objects.requireNonNull(passwords, "passwords");
        if (passwords.length > 2) {
            throw new IllegalArgumentException("at most two passwords at once (got " + passwords.length + ")");
        }
        if (passwords.length == 2 && !version.supportsAcl()) {
            throw new IllegalArgumentException("Redis " + version.label()
                    + " accepts only one password (requirepass); two at once need ACLs, Redis 6 or later");
        }
        List<String> list = new ArrayList<>();
        for (String p : passwords) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("a password must not be null or empty (pass none for no password)");
            }
            if (!list.contains(p)) {
                list.add(p);
            }
        }
        return List.copyOf(list);
    }

    private static String describePasswords(List<String> passwords) {
        return passwords.isEmpty() ? "no password" : passwords.size() == 1 ? "one password" : "two passwords";
    }

    private static long toLong(Object reply) {
        return reply instanceof Long ? (Long) reply : 0L;
    }

    private static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "?";
    }

    private static String displayPath(Path p) {
        Path cwd = Paths.get("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    /** The server could not bind its port (another process took it). */
    private static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String logTail) {
            super(logTail, null, false, false);
        }
    }

    /**
     * Configures and starts a {@link RedisServer}. Not thread-safe; {@link #start()} may be
     * called more than once to start several independent servers.
     */
    public static final class Builder {
        private final RedisVersion version;
        private boolean tls;
        private ServerCertificate certificate;
        private List<String> passwords = List.of();
        private String name;
        private Duration startupTimeout = Duration.ofSeconds(10);
        private boolean cluster;

        private Builder(RedisVersion version) {
            this.version = version;
        }

        /**
         * Cluster mode enabled (for {@link RedisCluster}): bus on a free port (7.x) or on the
         * client port + 10000 (6.2), announced as 127.0.0.1, TLS on the bus when TLS is on.
         */
        Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /** {@return the version to start} */
        public RedisVersion version() {
            return version;
        }

        /**
         * Serve TLS on {@link RedisServer#port()} (default false); the certificate defaults to
         * {@code TestCertificates.shared().server()}.
         *
         * @param tls whether to serve TLS; {@code false} also forgets a {@link #certificate}
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            if (!tls) {
                this.certificate = null;
            }
            return this;
        }

        /**
         * The certificate to serve; implies {@code tls(true)}.
         *
         * @param certificate e.g. {@code TestCertificates.shared().expired()}
         * @return this builder
         */
        public Builder certificate(ServerCertificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            this.tls = true;
            return this;
        }

        /**
         * One password for the default user (default: none).
         *
         * @param password the password
         * @return this builder
         * @throws IllegalArgumentException when null or empty
         */
        public Builder password(String password) {
            return passwords(password);
        }

        /**
         * The passwords the default user accepts: none, one, or two (two only on Redis 6+).
         *
         * @param passwords zero, one or two passwords
         * @return this builder
         * @throws IllegalArgumentException for more than two, two on Redis 2.8, or null/empty ones
         */
        public Builder passwords(String... passwords) {
            this.passwords = validatePasswords(version, passwords);
            return this;
        }

        /**
         * Name used in the server directory name {@code <name>-<port>} (default
         * {@code redis-<major>}).
         *
         * @param name 1-64 characters of {@code [A-Za-z0-9._-]}
         * @return this builder
         * @throws IllegalArgumentException for other names
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("name must be 1-64 characters of [A-Za-z0-9._-]");
            }
            this.name = name;
            return this;
        }

        /**
         * How long {@link #start()} (and {@link RedisServer#restart()}) wait for the server to
         * answer (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive");
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Starts the server and returns once it answers.
         *
         * @return the running server; the caller stops it ({@link RedisServer#close()})
         * @throws IllegalStateException when the version is unavailable here (message = the
         *         reason), or the server does not start (message has the server log tail)
         * @throws UncheckedIOException when files or processes cannot be created
         */
        public RedisServer start() {
            return new RedisServer(this).start();
        }
    }
}
