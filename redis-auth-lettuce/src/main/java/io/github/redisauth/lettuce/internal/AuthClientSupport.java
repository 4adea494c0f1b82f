package io.github.redisauth.lettuce.internal;

import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code RedisAuthClient} and {@code RedisAuthClusterClient} share: the client resources (created
 * here when the configuration brings none), the {@link AuthCoordinator}, the endpoint URIs carrying its
 * rotating credentials, and the order of closing. Thread-safe.
 */
public final class AuthClientSupport {

    private final LettuceAuthConfig config;
    private final ClientResources resources;
    private final boolean ownsResources;
    private final AuthCoordinator coordinator;
    private final List<RedisURI> uris;

    /**
     * @param config the configuration
     * @param options the options of the client to be built, also used by the coordinator's token probes
     */
    public AuthClientSupport(LettuceAuthConfig config, ClientOptions options) {
        this.config = config;
        this.ownsResources = config.clientResources().isEmpty();
        this.resources = config.clientResources().orElseGet(DefaultClientResources::create);
        this.coordinator = new AuthCoordinator(config, resources, options, LettuceSetup.endpoints(config, null));
        this.uris = LettuceSetup.endpoints(config, coordinator.credentialsProvider());
    }

    /** @return the configuration */
    public LettuceAuthConfig config() {
        return config;
    }

    /** @return the configured resources, or the ones created here */
    public ClientResources resources() {
        return resources;
    }

    /** @return the coordinator; hand every Lettuce client made to it with {@link AuthCoordinator#watch} */
    public AuthCoordinator coordinator() {
        return coordinator;
    }

    /** @return every endpoint's URI with the rotating credentials; unmodifiable */
    public List<RedisURI> uris() {
        return uris;
    }

    /**
     * Closes the coordinator, then runs {@code shutdownClients}, then shuts down the resources when they
     * were created here.
     *
     * @param shutdownClients shuts the Lettuce clients down, e.g. with {@link #shutdown(AbstractRedisClient)}
     */
    public void close(Runnable shutdownClients) {
        coordinator.close();
        shutdownClients.run();
        if (ownsResources) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Shuts a Lettuce client down at once, waiting at most 2 s.
     *
     * @param client the client
     */
    public static void shutdown(AbstractRedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
