package io.github.redisauth.jedis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;

/** A redis-server 7.x from the PATH on a free loopback port, for experiments and the cluster fixture. */
final class LocalRedisProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Process process;
    final int port;
    final Path dir;

    private LocalRedisProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Starts a server; {@code portArgument} is "--port" for plaintext or "--tls-port" for TLS;
     * {@code {port}} in {@code extra} is replaced by the port.
     */
    static LocalRedisProcess start(String name, String portArgument, JedisClientConfig adminConfig, String... extra)
            throws IOException, InterruptedException {
        int port = freePort();
        Path dir = Files.createDirectories(Path.of("target", "redis", name + "-" + port)).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
        if (portArgument.equals("--tls-port")) {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        for (String argument : extra) {
            command.add(argument.replace("{port}", Integer.toString(port)));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        LocalRedisProcess server = new LocalRedisProcess(process, port, dir);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Connection connection = new Connection(new HostAndPort("localhost", port), adminConfig)) {
                connection.sendCommand(Protocol.Command.PING);
                connection.getOne();
                return server;
            } catch (redis.clients.jedis.exceptions.JedisDataException answered) {
                return server; // NOAUTH and the like: it is up
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    server.close();
                    throw new IOException("redis-server did not start on port " + port + "; see " + dir, notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    static JedisClientConfig plaintextAdmin() {
        return DefaultJedisClientConfig.builder().serverDefaultProtocol().build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
