package io.github.redisauth.aws;

import static io.github.redisauth.testkit.LocalSecretsManager.AWSCURRENT;
import static io.github.redisauth.testkit.LocalSecretsManager.AWSPENDING;
import static io.github.redisauth.testkit.LocalSecretsManager.AWSPREVIOUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.AuthToken;
import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSourceException;
import io.github.redisauth.testkit.LocalSecretsManager;
import io.github.redisauth.testkit.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class SecretsManagerTokenSourceIT {

    private static final String SENTINEL = "SENTINEL-secret-value-4242";
    private static final String CURRENT = "current-token-0123456789";
    private static final String PENDING = "pending-token-0123456789";
    private static final String PREVIOUS = "previous-token-0123456789";

    private static LocalSecretsManager local;
    private static SecretsManagerClient client;
    private String secretId;

    @BeforeAll
    static void startLocalSecretsManager() throws Exception {
        local = new LocalSecretsManager().start();
        client = SecretsManagerClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                // The source retries; without this the SDK would retry too and calls would not add up.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        local.close();
    }

    @BeforeEach
    void newSecret() {
        secretId = "redis/auth/" + UUID.randomUUID();
        local.resetCounts();
        local.delay(Duration.ZERO);
        local.denyAccess(false);
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    private SecretsManagerTokenSource.Builder source() {
        return SecretsManagerTokenSource.builder().secretId(secretId).client(client).retryBackoff(Duration.ofMillis(5));
    }

    @Test
    void readsAllThreeStagesCurrentPendingPrevious() {
        local.putSecretString(secretId, PREVIOUS, AWSCURRENT);
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.putPending(secretId, PENDING);

        TokenSet tokens = source().build().fetch();

        assertThat(tokens.candidates()).extracting(AuthToken::label).containsExactly(AWSCURRENT, AWSPENDING, AWSPREVIOUS);
        assertThat(tokens.candidates()).extracting(AuthToken::valueAsString).containsExactly(CURRENT, PENDING, PREVIOUS);
        assertThat(local.callCount("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void missingPendingAndPreviousAreSkipped() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);

        TokenSet tokens = source().build().fetch();

        assertThat(tokens.candidates()).extracting(AuthToken::label).containsExactly(AWSCURRENT);
        assertThat(tokens.preferred().orElseThrow().valueAsString()).isEqualTo(CURRENT);
    }

    @Test
    void aSecretWithoutCurrentIsAnError() {
        local.putSecretString(secretId, PENDING, AWSPENDING);

        assertThatThrownBy(() -> source().build().fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessageContaining("'" + secretId + "' stage AWSCURRENT: ResourceNotFoundException");
    }

    @Test
    void jsonSecretUsesTheFirstDefaultKeyPresent() {
        local.putSecretString(secretId, "{\"host\":\"h\",\"password\":\"pw-0123456789abcdef\",\"token\":\"other\"}", AWSCURRENT);

        assertThat(source().build().fetch().preferred().orElseThrow().valueAsString()).isEqualTo("pw-0123456789abcdef");
    }

    @Test
    void jsonSecretWithAConfiguredKey() {
        local.putSecretString(secretId, "{\"authToken\":\"a\",\"redis\":\"rk-0123456789abcdef\"}", AWSCURRENT);

        assertThat(source().jsonKey("redis").build().fetch().preferred().orElseThrow().valueAsString())
                .isEqualTo("rk-0123456789abcdef");
    }

    @Test
    void anAbsentConfiguredKeyListsTheKeysPresentButNoValue() {
        local.putSecretString(secretId, "{\"host\":\"h\",\"password\":\"" + SENTINEL + "\"}", AWSCURRENT);

        TokenSourceException e = catchThrowableOfType(TokenSourceException.class, () -> source().jsonKey("redis").build().fetch());

        assertThat(e).hasMessage("Secrets Manager secret '" + secretId + "' stage AWSCURRENT: JSON key 'redis' is absent; keys present: [host, password]");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void jsonWithoutAnyDefaultKeyOrInvalidJsonIsAnErrorWithoutTheValue() {
        local.putSecretString(secretId, "{\"secret\":\"" + SENTINEL + "\"}", AWSCURRENT);
        assertThatThrownBy(() -> source().build().fetch())
                .hasMessageContaining("none of the default JSON keys [authToken, auth_token, password, token] is present")
                .hasMessageContaining("keys present: [secret]")
                .hasMessageNotContaining(SENTINEL);

        local.putSecretString(secretId, "{\"authToken\":\"" + SENTINEL, AWSCURRENT);
        assertThatThrownBy(() -> source().build().fetch())
                .hasMessageEndingWith("stage AWSCURRENT: the secret starts with '{' but is not valid JSON")
                .hasNoCause();
    }

    @Test
    void binarySecretIsReadAsUtf8PlainOrJson() {
        local.putSecretBinary(secretId, ("bin-token-0123456789\n").getBytes(StandardCharsets.UTF_8), AWSCURRENT);
        local.putSecretBinary(secretId, "{\"auth_token\":\"json-bin-0123456789\"}".getBytes(StandardCharsets.UTF_8), AWSPENDING);

        TokenSet tokens = source().build().fetch();

        assertThat(tokens.candidates()).extracting(AuthToken::valueAsString).containsExactly("bin-token-0123456789", "json-bin-0123456789");
    }

    @Test
    void anUnknownSecretNamesIdStageAndCodeWithAHint() {
        assertThatThrownBy(() -> source().build().fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessageStartingWith("Secrets Manager secret '" + secretId + "' stage AWSCURRENT: ResourceNotFoundException (HTTP 400) after 1 attempt")
                .hasMessageContaining("Hint: check the secret id");
    }

    @Test
    void accessDeniedSaysWhichPermissionsToGrant() {
        local.putSecretString(secretId, SENTINEL, AWSCURRENT);
        local.denyAccess(true);

        assertThatThrownBy(() -> source().build().fetch())
                .hasMessageContaining("'" + secretId + "' stage AWSCURRENT: AccessDeniedException (HTTP 400) after 1 attempt")
                .hasMessageContaining("grant secretsmanager:GetSecretValue (and kms:Decrypt for a customer-managed key)")
                .hasMessageNotContaining(SENTINEL);
    }

    @Test
    void decryptionFailureSaysToGrantKmsDecrypt() {
        local.putSecretString(secretId, SENTINEL, AWSCURRENT);
        local.failNext(1, "DecryptionFailure", 400);

        assertThatThrownBy(() -> source().build().fetch())
                .hasMessageContaining("'" + secretId + "' stage AWSCURRENT: DecryptionFailure (HTTP 400) after 1 attempt")
                .hasMessageContaining("grant kms:Decrypt")
                .hasMessageNotContaining(SENTINEL);
    }

    @Test
    void aFailureOnALaterStageNamesThatStage() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.putSecretString(secretId, "{\"host\":\"h\"}", AWSPENDING);

        assertThatThrownBy(() -> source().build().fetch())
                .hasMessageContaining("'" + secretId + "' stage AWSPENDING: none of the default JSON keys");
    }

    @Test
    void internalServiceErrorIsRetriedThenReported() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.failNext(3, "InternalServiceError", 500);

        assertThatThrownBy(() -> source().maxAttempts(3).build().fetch())
                .hasMessageContaining("'" + secretId + "' stage AWSCURRENT: InternalServiceError (HTTP 500) after 3 attempts")
                .hasMessageContaining("try again later");
        assertThat(local.callCount("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void throttlingIsRetriedThenSucceeds() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.throttleNext(2);

        TokenSet tokens = source().maxAttempts(3).build().fetch();

        assertThat(tokens.preferred().orElseThrow().valueAsString()).isEqualTo(CURRENT);
        // 2 throttled + 1 good for AWSCURRENT, then one each for AWSPENDING and AWSPREVIOUS.
        assertThat(local.callCount("GetSecretValue")).isEqualTo(5);
        assertThat(local.stageCallCount(AWSCURRENT)).isEqualTo(3);
    }

    @Test
    void aSlowEndpointIsCutAtTheCallTimeoutWithoutRetry() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.delay(Duration.ofSeconds(3));
        Duration timeout = Duration.ofMillis(500);
        long start = System.nanoTime();

        assertThatThrownBy(() -> source().callTimeout(timeout).build().fetch())
                .hasMessageContaining("'" + secretId + "' stage AWSCURRENT: no answer within the call timeout of PT0.5S after 1 attempt");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
    }

    @Test
    void aBuiltClientHasTheTimeoutAndNoSdkRetries() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.failNext(1, "InternalServiceError", 500);
        try (SecretsManagerTokenSource source = SecretsManagerTokenSource.builder()
                .secretId(secretId)
                .region(Region.US_EAST_1)
                .endpointOverride(local.endpoint())
                .credentialsProvider(credentials())
                .maxAttempts(1)
                .build()) {
            assertThatThrownBy(source::fetch).hasMessageContaining("InternalServiceError (HTTP 500) after 1 attempt");
            assertThat(local.callCount("GetSecretValue")).as("the SDK did not retry on its own").isEqualTo(1);
            assertThat(source.fetch().preferred().orElseThrow().valueAsString()).isEqualTo(CURRENT);
        }
    }

    @Test
    void closeLeavesACallerSuppliedClientOpen() {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        SecretsManagerTokenSource source = source().build();
        source.close();

        assertThatThrownBy(source::fetch).hasMessage("secretsmanager:" + secretId + " is closed");
        assertThat(SecretsManagerTokenSource.builder().secretId(secretId).client(client).build().fetch().size()).isEqualTo(1);
    }

    @Test
    void closeDuringAReadWaitsForTheCallAndTheReadFailsSayingClosed() throws Exception {
        local.putSecretString(secretId, CURRENT, AWSCURRENT);
        local.delay(Duration.ofMillis(500));
        SecretsManagerTokenSource source = SecretsManagerTokenSource.builder()
                .secretId(secretId)
                .region(Region.US_EAST_1)
                .endpointOverride(local.endpoint())
                .credentialsProvider(credentials())
                .build();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<TokenSet> read = reader.submit(source::fetch);
            await().atMost(Duration.ofSeconds(5)).until(() -> local.callCount("GetSecretValue") == 1);

            source.close();

            ExecutionException failure = catchThrowableOfType(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
            assertThat(failure).as("the read in progress fails").isNotNull();
            assertThat(failure.getCause()).as("a clear 'closed', not an SDK error from a client closed under the call")
                    .isInstanceOf(TokenSourceException.class)
                    .hasMessage("secretsmanager:" + secretId + " was closed during the read")
                    .hasNoCause();
            assertThat(local.callCount("GetSecretValue")).as("no call after close").isEqualTo(1);
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void invalidSettingsAreNamedWithTheirValueAndRule() {
        assertThatThrownBy(() -> SecretsManagerTokenSource.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SecretsManagerTokenSource secretId = null: is required: the secret's name or ARN");
        assertThatThrownBy(() -> source().callTimeout(Duration.ZERO).build())
                .hasMessage("SecretsManagerTokenSource callTimeout = PT0S: must be between 1 ms and 5 minutes");
        assertThatThrownBy(() -> source().maxAttempts(0).build())
                .hasMessage("SecretsManagerTokenSource maxAttempts = 0: must be between 1 and 10");
        assertThatThrownBy(() -> source().region(Region.US_EAST_1).build())
                .hasMessageContaining("client = ").hasMessageContaining("excludes region, endpointOverride and credentialsProvider");
    }

    @Test
    void theSecretValueNeverAppearsInErrorsToStringOrLogs() {
        local.putSecretString(secretId, SENTINEL, AWSCURRENT);
        local.putSecretString(secretId, "{\"password\":\"" + SENTINEL + "\"}", AWSPENDING);
        try (LogCapture log = LogCapture.allLevels("io.github.redisauth");
                CachingTokenSource cached = CachingTokenSource.builder(source().jsonKey("token").build()).build()) {
            TokenSourceException failure = catchThrowableOfType(TokenSourceException.class, cached::fetch);
            local.denyAccess(true);
            TokenSourceException denied = catchThrowableOfType(TokenSourceException.class, cached::refresh);

            local.denyAccess(false);
            TokenSet tokens = source().build().fetch();
            assertThat(tokens.preferred().orElseThrow().valueAsString()).isEqualTo(SENTINEL);

            StringBuilder seen = new StringBuilder().append(cached).append(tokens).append(log.text());
            for (Throwable t : new Throwable[] {failure, denied}) {
                for (Throwable c = t; c != null; c = c.getCause()) {
                    seen.append(c).append('\n');
                }
            }
            assertThat(seen.toString()).contains(secretId).doesNotContain(SENTINEL);
        }
    }
}
