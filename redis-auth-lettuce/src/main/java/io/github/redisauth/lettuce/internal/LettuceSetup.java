package io.github.redisauth.lettuce.internal;

import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import java.util.List;

/** Applies a {@link LettuceAuthConfig} to Lettuce URIs and options. */
public final class LettuceSetup {

    private LettuceSetup() {
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
     */
    public static ClientOptions clientOptions(LettuceAuthConfig config) {
        ClientOptions.Builder builder = config.clientOptions().orElseGet(() -> ClientOptions.builder().build()).mutate()
                .protocolVersion(config.protocolVersion())
                .reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
        config.sslOptions().ifPresent(builder::sslOptions);
        return builder.build();
    }

    /**
     * @param config the configuration
     * @return the caller's cluster options (or Lettuce's defaults) with the library's settings
     */
    public static ClusterClientOptions clusterClientOptions(LettuceAuthConfig config) {
        ClusterClientOptions.Builder builder = config.clusterClientOptions()
                .orElseGet(() -> ClusterClientOptions.builder().build()).mutate()
                .protocolVersion(config.protocolVersion())
                .reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
        config.sslOptions().ifPresent(builder::sslOptions);
        return builder.build();
    }
}
