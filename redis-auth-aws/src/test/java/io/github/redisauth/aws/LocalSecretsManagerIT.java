package io.github.redisauth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.testkit.LocalSecretsManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The testkit's local endpoint, seen through the real SDK client. */
class LocalSecretsManagerIT {

    @Test
    void describeSecretAndGetByVersionIdFollowARotation() throws Exception {
        try (LocalSecretsManager local = new LocalSecretsManager().start();
                SecretsManagerClient client = SecretsManagerClient.builder()
                        .endpointOverride(local.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            String v1 = local.putSecretString("s", "value-1", LocalSecretsManager.AWSCURRENT);
            String v2 = local.rotate("s", "value-2");

            DescribeSecretResponse described = client.describeSecret(b -> b.secretId("s"));
            assertThat(described.name()).isEqualTo("s");
            assertThat(described.versionIdsToStages()).isEqualTo(Map.of(v1, List.of("AWSPREVIOUS"), v2, List.of("AWSCURRENT")));

            GetSecretValueResponse byId = client.getSecretValue(b -> b.secretId(described.arn()).versionId(v1));
            assertThat(byId.secretString()).isEqualTo("value-1");
            assertThat(byId.versionStages()).containsExactly("AWSPREVIOUS");
            assertThat(byId.createdDate()).isNotNull();
            assertThat(local.callCount("secretsmanager.DescribeSecret")).isEqualTo(1);
            assertThat(local.stageCallCount("AWSPREVIOUS")).isEqualTo(1);

            assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId("s").versionStage("AWSPENDING")))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("staging label: AWSPENDING");
            local.failNext(1, "InternalServiceError", 500);
            assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId("s")))
                    .isInstanceOf(InternalServiceErrorException.class);
        }
    }
}
