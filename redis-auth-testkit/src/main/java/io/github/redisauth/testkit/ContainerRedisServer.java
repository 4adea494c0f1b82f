package io.github.redisauth.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis server in a Docker container (Testcontainers), for versions the testkit has no
 * binary for, e.g. {@code ContainerRedisServer.start("redis:5.0", token)}. Plaintext only.
 *
 * <p>The password is set after start with {@code CONFIG SET requirepass}, so it is not on the
 * container's command line. Check {@link #dockerAvailable()} first (tests: skip with
 * {@link #dockerUnavailableReason()}). Thread-safe.
 */
public final class ContainerRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerRedisServer.class);
    private static final int REDIS_PORT = 6379;
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static volatile Optional<String> dockerProblem;

    private final GenericContainer<?> container;
    private final String image;

    private ContainerRedisServer(GenericContainer<?> container, String image) {
        this.container = container;
        this.image = image;
    }

    /**
     * Starts the image and sets the password (none when {@code passwordOrNull} is null).
     *
     * @param image a Redis image, e.g. {@code redis:5.0}
     * @param passwordOrNull the password, or {@code null}/empty for none
     * @return the running server; the caller closes it
     * @throws IllegalStateException when Docker is unavailable (message = the reason) or the
     *         container or the password setup fails
     */
    public static ContainerRedisServer start(String image, String passwordOrNull) {
        Objects.requireNonNull(image, "image");
        dockerUnavailableReason().ifPresent(r -> {
            throw new IllegalStateException(r);
        });
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(REDIS_PORT)
                .waitingFor(Wait.forListeningPort());
        c.start();
        ContainerRedisServer s = new ContainerRedisServer(c, image);
        if (passwordOrNull != null && !passwordOrNull.isEmpty()) {
            try (RespClient admin = RespClient.connect(s.host(), s.port(), null, Duration.ofSeconds(5))) {
                admin.command("CONFIG", "SET", "requirepass", passwordOrNull);
            } catch (IOException | RuntimeException e) {
                c.stop();
                throw new IllegalStateException("cannot set the password on " + image + ": " + e.getMessage(), e);
            }
        }
        LOG.info("started {} in a container on {}:{}", image, s.host(), s.port());
        return s;
    }

    /** {@return whether a Docker engine answers} Bounded (15 s at most, once per JVM); never throws. */
    public static boolean dockerAvailable() {
        return dockerUnavailableReason().isEmpty();
    }

    /** {@return why Docker cannot be used, or empty when it can} Bounded, cached, never throws. */
    public static Optional<String> dockerUnavailableReason() {
        Optional<String> p = dockerProblem;
        if (p == null) {
            synchronized (ContainerRedisServer.class) {
                p = dockerProblem;
                if (p == null) {
                    p = probeDocker();
                    dockerProblem = p;
                }
            }
        }
        return p;
    }

    private static Optional<String> probeDocker() {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "redis-auth-testkit-docker-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Boolean> f = ex.submit(() -> DockerClientFactory.instance().isDockerAvailable());
            return f.get(DOCKER_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.empty()
                    : Optional.of("Docker is not available (Testcontainers found no working Docker environment)");
        } catch (TimeoutException e) {
            return Optional.of("Docker did not answer within " + DOCKER_PROBE_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing Docker");
        } catch (Throwable e) {
            return Optional.of("Docker is not available: " + e);
        } finally {
            ex.shutdownNow();
        }
    }

    /** {@return the host to connect to (as Testcontainers reports it)} */
    public String host() {
        return container.getHost();
    }

    /** {@return the mapped host port of Redis's 6379} */
    public int port() {
        return container.getMappedPort(REDIS_PORT);
    }

    /** {@return the image this server runs} */
    public String image() {
        return image;
    }

    /** Stops and removes the container. Idempotent. */
    @Override
    public void close() {
        container.stop();
    }

    /** {@code ContainerRedisServer[redis:5.0 host:port]}; never the password. */
    @Override
    public String toString() {
        return "ContainerRedisServer[" + image + " " + (container.isRunning() ? host() + ":" + port() : "stopped") + "]";
    }
}
