package io.github.redisauth.lettuce.internal;

import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import java.util.List;

/** Applies a {@link LettuceAuthConfig} to Lettuce URIs and options. */
public final class LettuceSetup {

    /**
     * The oldest Lettuce line this module runs on: streaming credentials ({@code ReauthenticateBehavior}) and the
     * cluster client's {@code Supplier<JsonParser>} hook both arrived in 6.6.0.
     */
    static final String OLDEST_SUPPORTED_LETTUCE = "6.6.0";
    private static final boolean SUPPORTED_LETTUCE = supportedLettuce();

    private LettuceSetup() {
    }

    /** Checked once, by name: on an older line touching the type would be a linkage error. */
    private static boolean supportedLettuce() {
        try {
            Class.forName("io.lettuce.core.ClientOptions$ReauthenticateBehavior", false, ClientOptions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Fails clearly, instead of with a linkage error later, on a Lettuce line older than
     * {@value #OLDEST_SUPPORTED_LETTUCE}.
     *
     * @throws UnsupportedOperationException naming the Lettuce version found and the oldest supported one
     */
    static void requireSupportedLettuce() {
        if (!SUPPORTED_LETTUCE) {
            throw new UnsupportedOperationException("redis-auth-lettuce needs lettuce-core " + OLDEST_SUPPORTED_LETTUCE
                    + " or newer (streaming credentials, ClientOptions.ReauthenticateBehavior); found "
                    + RedisClient.class.getPackage().getImplementationVersion()
                    + ". Upgrade lettuce-core, e.g. with the version your Spring Boot BOM manages (Boot 3.5: 6.6.0)");
        }
    }

    /**
     * @param config the configuration
     * @param provider the provider to set, or null to leave the URIs without credentials (probe targets)
     * @return copies of the endpoints with the provider, TLS flag and verify mode set
     */
    public static List<RedisURI> endpoints(LettuceAuthConfig config, RedisCredentialsProvider provider) {
        return config.endpoints().stream().map(endpoint -> {
            RedisURI.Builder builder = RedisURI.builder(endpoint).withSsl(config.tls());
            if (config.tls()) {
                builder.withVerifyPeer(config.verifyPeer());
            }
            RedisURI uri = builder.build();
            if (provider != null) {
                uri.setCredentialsProvider(provider);
            }
            return uri;
        }).toList();
    }

    /**
     * @param config the configuration
     * @return the caller's standalone options (or Lettuce's defaults) with the library's settings
     * @throws UnsupportedOperationException on Lettuce older than {@value #OLDEST_SUPPORTED_LETTUCE}
     */
    public static ClientOptions clientOptions(LettuceAuthConfig config) {
        requireSupportedLettuce();
        ClientOptions.Builder builder = config.clientOptions().orElseGet(() -> ClientOptions.builder().build()).mutate()
                .protocolVersion(config.protocolVersion())
                .reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
        config.sslOptions().ifPresent(builder::sslOptions);
        return builder.build();
    }

    /**
     * @param config the configuration
     * @return the caller's cluster options (or Lettuce's defaults) with the library's settings
     * @throws UnsupportedOperationException on Lettuce older than {@value #OLDEST_SUPPORTED_LETTUCE}
     */
    public static ClusterClientOptions clusterClientOptions(LettuceAuthConfig config) {
        requireSupportedLettuce();
        ClusterClientOptions.Builder builder = config.clusterClientOptions()
                .orElseGet(() -> ClusterClientOptions.builder().build()).mutate()
                .protocolVersion(config.protocolVersion())
                .reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
        config.sslOptions().ifPresent(builder::sslOptions);
        return builder.build();
    }
}
