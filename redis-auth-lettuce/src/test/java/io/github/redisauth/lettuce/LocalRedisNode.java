package io.github.redisauth.lettuce;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server 7.x from the PATH (or /usr/bin) on loopback with TLS on {@link #tlsPort} and an admin
 * plaintext port; the admin connection logs in as user {@code admin}, so password changes and
 * {@code CLIENT KILL USER default} never touch it. Optionally cluster-enabled with a TLS cluster bus.
 */
final class LocalRedisNode implements AutoCloseable {

    final String name;
    final int tlsPort;
    final int plainPort;
    final int busPort;
    private final Process process;
    private final RedisClient adminClient;
    private final StatefulRedisConnection<String, String> admin;

    private LocalRedisNode(String name, boolean cluster) throws IOException {
        this.name = name;
        this.tlsPort = freePort();
        this.plainPort = freePort();
        this.busPort = freePort();
        TestTls tls = TestTls.shared();
        Path dir = Files.createDirectories(Path.of("target", "redis", name + "-" + tlsPort)).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(binary(), "--bind", "127.0.0.1", "--port", "" + plainPort,
                "--tls-port", "" + tlsPort, "--tls-cert-file", tls.cert.toString(), "--tls-key-file", tls.key.toString(),
                "--tls-ca-cert-file", tls.ca.toString(), "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
        if (cluster) {
            cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--tls-cluster", "yes", "--cluster-port", "" + busPort, "--cluster-node-timeout", "5000"));
        }
        this.process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        this.adminClient = RedisClient.create();
        adminClient.setOptions(ClientOptions.builder().autoReconnect(false)
                .protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP2).build());
        this.admin = connectAdmin(RedisURI.create("redis://127.0.0.1:" + plainPort));
        admin.sync().aclSetuser("admin", io.lettuce.core.AclSetuserArgs.Builder.on().nopass().allKeys().allChannels().allCommands());
        admin.sync().auth("admin", "x");
    }

    static boolean available() {
        return Files.isExecutable(Path.of(binary()));
    }

    static String binary() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
    }

    static LocalRedisNode start(String name, boolean cluster) {
        try {
            return new LocalRedisNode(name, cluster);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server " + name, e);
        }
    }

    private StatefulRedisConnection<String, String> connectAdmin(RedisURI uri) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return adminClient.connect(uri);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("redis-server " + name + " did not start", e);
                }
                sleep(50);
            }
        }
    }

    /** @param passwords none: no password; otherwise every one is accepted (ACL) */
    void setPasswords(String... passwords) {
        List<String> args = new ArrayList<>(List.of("default", "on", "resetpass"));
        if (passwords.length == 0) {
            args.add("nopass");
        }
        for (String p : passwords) {
            args.add(">" + p);
        }
        args.addAll(List.of("~*", "&*", "+@all"));
        command(CommandType.ACL, prepend("SETUSER", args));
    }

    /** Kills every connection of the default user (all application connections). */
    void killClients() {
        admin.sync().dispatch(CommandType.CLIENT, new io.lettuce.core.output.IntegerOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("KILL").add("USER").add("default"));
    }

    RedisCommands<String, String> admin() {
        return admin.sync();
    }

    String command(ProtocolKeyword type, List<String> args) {
        CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8);
        args.forEach(a::add);
        return admin.sync().dispatch(type, new StatusOutput<>(StringCodec.UTF8), a);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        return "see target/redis/" + name + "-" + tlsPort + "/redis.log";
    }

    @Override
    public void close() {
        admin.close();
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
