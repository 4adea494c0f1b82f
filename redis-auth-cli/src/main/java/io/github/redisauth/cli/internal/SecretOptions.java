package io.github.redisauth.cli.internal;

import io.github.redisauth.aws.SecretsManagerTokenSource;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS Secrets Manager options of {@link TokenOptions} (a picocli {@code @Mixin} within it):
 * {@code --token-secret}, {@code --secret-region}, {@code --secret-endpoint}, {@code --secret-json-key}.
 * The descriptions are {@code verify}'s; a command can reword them through its resource bundle (keys
 * {@code token-secret}, {@code secret-region}, {@code secret-endpoint}, {@code secret-json-key}).
 */
public final class SecretOptions {

    @Option(names = "--token-secret", paramLabel = "ID", descriptionKey = "token-secret",
            description = "AWS Secrets Manager secret (name or ARN) holding the token: its AWSCURRENT, AWSPENDING and "
                    + "AWSPREVIOUS versions become candidates, in that order. Credentials: the AWS SDK default chain.")
    String tokenSecret;

    @Option(names = "--secret-region", paramLabel = "REGION", descriptionKey = "secret-region",
            description = "Region of --token-secret (default: the AWS SDK region chain, e.g. AWS_REGION).")
    String secretRegion;

    @Option(names = "--secret-endpoint", paramLabel = "URL", descriptionKey = "secret-endpoint",
            description = "Secrets Manager endpoint to use instead of the region's (a VPC endpoint).")
    String secretEndpoint;

    @Option(names = "--secret-json-key", paramLabel = "KEY", descriptionKey = "secret-json-key",
            description = "Key of the token when the secret is JSON (default: the first of authToken, auth_token, password, token).")
    String secretJsonKey;

    /** Creates the options; picocli fills them. */
    public SecretOptions() {
    }

    /**
     * Builds the secret's token source (not yet read).
     *
     * @return the source of {@code --token-secret}, or null when it is not given; the caller closes it
     * @throws ConfigurationException for a {@code --secret-*} option without {@code --token-secret},
     *         a bad endpoint URL or a setting the source rejects
     */
    public SecretsManagerTokenSource source() {
        if (tokenSecret == null) {
            if (secretRegion != null || secretEndpoint != null || secretJsonKey != null) {
                throw new ConfigurationException((secretRegion != null ? "--secret-region" : secretEndpoint != null
                        ? "--secret-endpoint" : "--secret-json-key") + " needs --token-secret ID");
            }
            return null;
        }
        SecretsManagerTokenSource.Builder secret = SecretsManagerTokenSource.builder().secretId(tokenSecret);
        if (secretRegion != null) {
            secret.region(Region.of(secretRegion));
        }
        if (secretEndpoint != null) {
            secret.endpointOverride(endpoint());
        }
        if (secretJsonKey != null) {
            secret.jsonKey(secretJsonKey);
        }
        try {
            return secret.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private URI endpoint() {
        try {
            URI endpoint = new URI(secretEndpoint);
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new URISyntaxException(secretEndpoint,
                        "needs a scheme and a host, e.g. https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com");
            }
            return endpoint;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("--secret-endpoint " + secretEndpoint + " is not a URL: " + e.getReason(), e);
        }
    }
}
