package io.github.redisauth.aws;

import io.github.redisauth.AuthToken;
import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSourceException;
import io.github.redisauth.TokenSources;
import io.github.redisauth.aws.internal.SecretTextExtractor;
import io.github.redisauth.aws.internal.SecretsManagerErrors;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Reads AUTH tokens from an AWS Secrets Manager secret: the versions staged {@code AWSCURRENT},
 * {@code AWSPENDING} and {@code AWSPREVIOUS}, in that order, labelled with their stage. A missing
 * pending or previous version is normal (no rotation in progress, or none done yet) and skipped; a
 * missing {@code AWSCURRENT} is an error.
 *
 * <p>Each {@link #fetch()} makes one {@code GetSecretValue} call per stage (three calls; the two that
 * may be missing answer {@code ResourceNotFoundException}) and no caching: wrap the source in a
 * {@link CachingTokenSource} (see {@link TokenSources#cached(TokenSource)}) before handing it to clients.
 *
 * <p>The secret may be a plain SecretString, a JSON object SecretString (the token under
 * {@link Builder#jsonKey(String) jsonKey}, by default the first of {@code authToken}, {@code auth_token},
 * {@code password}, {@code token}), or a SecretBinary holding either as UTF-8. Surrounding whitespace
 * is stripped.
 *
 * <p>Every call has a timeout ({@link #DEFAULT_CALL_TIMEOUT}); throttling, 5xx and network failures
 * are retried with exponential backoff and jitter (Resilience4j), a timeout is not. Failures throw
 * {@link TokenSourceException} naming the secret id, the stage and the AWS error code with a hint,
 * never a secret value.
 *
 * <p>Thread-safe. The source closes the {@link SecretsManagerClient} only if it built it; a client
 * passed to {@link Builder#client(SecretsManagerClient)} stays the caller's to close.
 */
public final class SecretsManagerTokenSource implements TokenSource {

    /** The staging labels read, in order of preference. */
    public static final List<String> STAGES = List.of("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS");
    /** Default timeout of one API call, and of each attempt. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of attempts per call, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default wait before the first retry; it doubles on each retry, randomised by ±50%. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
    /** The longest wait between two attempts. */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(5);

    private static final String CURRENT = STAGES.get(0);

    private final String secretId;
    private final SecretsManagerClient client;
    private final boolean ownsClient;
    private final Duration callTimeout;
    private final SecretTextExtractor extractor;
    private final Retry retry;
    private final Object readers = new Object();
    private int readsInProgress;
    private boolean closed;

    private SecretsManagerTokenSource(Builder builder, SecretsManagerClient client, boolean ownsClient) {
        this.secretId = builder.secretId;
        this.client = client;
        this.ownsClient = ownsClient;
        this.callTimeout = builder.callTimeout;
        this.extractor = new SecretTextExtractor(builder.secretId, builder.jsonKey);
        this.retry = Retry.of("secretsmanager:" + builder.secretId, RetryConfig.custom()
                .maxAttempts(builder.maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(builder.retryBackoff, 2.0, 0.5, MAX_RETRY_BACKOFF))
                .retryOnException(SecretsManagerErrors::isRetryable)
                .build());
    }

    /** @return a builder with every setting at its default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the three stages now (no cache).
     *
     * @return current, then pending and previous when they exist (equal values kept once)
     * @throws TokenSourceException when a call fails after its retries, {@code AWSCURRENT} is missing,
     *     a value holds no usable token, or the source is closed
     */
    @Override
    public TokenSet fetch() {
        synchronized (readers) {
            if (closed) {
                throw new TokenSourceException(description() + " is closed");
            }
            readsInProgress++;
        }
        try {
            List<AuthToken> tokens = new ArrayList<>(STAGES.size());
            for (String stage : STAGES) {
                readStage(stage).ifPresent(value -> tokens.add(AuthToken.of(stage, value)));
            }
            return TokenSet.of(tokens);
        } finally {
            synchronized (readers) {
                readsInProgress--;
                readers.notifyAll();
            }
        }
    }

    private Optional<String> readStage(String stage) {
        GetSecretValueRequest request = GetSecretValueRequest.builder()
                .secretId(secretId)
                .versionStage(stage)
                // A caller-supplied client has its own timeouts; these bound our calls anyway.
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(callTimeout))
                .build();
        int[] attempts = {0};
        GetSecretValueResponse response;
        try {
            response = retry.executeSupplier(() -> {
                // Checked before every attempt so that close() waits for one call at most.
                if (isClosed()) {
                    throw closedDuringRead();
                }
                attempts[0]++;
                return client.getSecretValue(request);
            });
        } catch (ResourceNotFoundException e) {
            if (!stage.equals(CURRENT)) {
                return Optional.empty();
            }
            throw SecretsManagerErrors.describe(secretId, stage, e, attempts[0], callTimeout);
        } catch (SdkException | IllegalStateException | RejectedExecutionException e) {
            // The client closed under the call (close() gave up waiting): say so, not what the SDK tripped on.
            if (isClosed()) {
                throw closedDuringRead();
            }
            if (e instanceof SdkException sdk) {
                throw SecretsManagerErrors.describe(secretId, stage, sdk, attempts[0], callTimeout);
            }
            throw e;
        }
        return Optional.of(extractor.extract(response, stage));
    }

    private boolean isClosed() {
        synchronized (readers) {
            return closed;
        }
    }

    private TokenSourceException closedDuringRead() {
        return new TokenSourceException(description() + " was closed during the read");
    }

    /** @return {@code secretsmanager:SECRET_ID} */
    @Override
    public String description() {
        return "secretsmanager:" + secretId;
    }

    /** @return true: every fetch calls Secrets Manager (three GetSecretValue calls) */
    @Override
    public boolean remote() {
        return true;
    }

    /**
     * Closes the SDK client if this source built it; idempotent. A read in progress finishes its
     * current call (close waits for it, at most the call timeout and a second), then fails with a
     * {@link TokenSourceException} saying the source was closed; later reads fail likewise.
     */
    @Override
    public void close() {
        synchronized (readers) {
            if (closed) {
                return;
            }
            closed = true;
            long deadline = System.nanoTime() + callTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
            boolean interrupted = false;
            long left;
            while (readsInProgress > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(readers, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsClient) {
            client.close();
        }
    }

    /** @return {@code SecretsManagerTokenSource[secretsmanager:SECRET_ID]} */
    @Override
    public String toString() {
        return "SecretsManagerTokenSource[" + description() + "]";
    }

    /**
     * Settings for a {@link SecretsManagerTokenSource}. Not thread-safe; {@link #build()} copies the
     * settings, so a builder may be reused.
     */
    public static final class Builder {
        private String secretId;
        private SecretsManagerClient client;
        private Region region;
        private URI endpointOverride;
        private AwsCredentialsProvider credentialsProvider;
        private String jsonKey;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

        private Builder() {
        }

        /**
         * @param secretId the secret's name or ARN; required
         * @return this
         */
        public Builder secretId(String secretId) {
            this.secretId = secretId;
            return this;
        }

        /**
         * Uses this client instead of building one; then region, endpointOverride and
         * credentialsProvider must not be set. The source does not close it. Its own retry strategy
         * still applies, beneath this source's retries: configure it accordingly.
         *
         * @param client the client
         * @return this
         */
        public Builder client(SecretsManagerClient client) {
            this.client = client;
            return this;
        }

        /**
         * @param region the region of the client built; default: the SDK's region provider chain
         *     ({@code AWS_REGION}, profile, instance metadata)
         * @return this
         */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /**
         * @param endpointOverride an endpoint for the client built (a VPC endpoint, a local test
         *     endpoint); absolute http or https URI; default: the region's public endpoint
         * @return this
         */
        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        /**
         * @param credentialsProvider credentials for the client built; default: the SDK's default
         *     credentials provider chain
         * @return this
         */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = credentialsProvider;
            return this;
        }

        /**
         * @param jsonKey the key holding the token when the secret is a JSON object; null (the
         *     default) tries {@code authToken}, {@code auth_token}, {@code password}, {@code token}
         * @return this
         */
        public Builder jsonKey(String jsonKey) {
            this.jsonKey = jsonKey;
            return this;
        }

        /**
         * @param callTimeout timeout of each API call (and attempt); default {@link #DEFAULT_CALL_TIMEOUT};
         *     between 1 ms and 5 minutes
         * @return this
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /**
         * @param maxAttempts attempts per API call, the first included; default {@value #DEFAULT_MAX_ATTEMPTS};
         *     1 to 10 (1 disables retries)
         * @return this
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param retryBackoff wait before the first retry, doubled on each further one and randomised
         *     by ±50%, capped at {@link #MAX_RETRY_BACKOFF}; default {@link #DEFAULT_RETRY_BACKOFF};
         *     between 1 ms and 1 minute
         * @return this
         */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
            return this;
        }

        /**
         * Validates the settings and creates the source (and its SDK client, unless one was given:
         * that client then has the call timeout and no SDK retries, so attempts are counted once).
         *
         * @return the source
         * @throws IllegalArgumentException when a setting is missing or out of range; the message names
         *     the setting, the value and the rule
         * @throws TokenSourceException when the SDK client cannot be built (no region found, ...)
         */
        public SecretsManagerTokenSource build() {
            validate();
            if (client != null) {
                return new SecretsManagerTokenSource(this, client, false);
            }
            try {
                return new SecretsManagerTokenSource(this, buildClient(), true);
            } catch (SdkException e) {
                throw new TokenSourceException("Secrets Manager secret '" + secretId + "': cannot build the SDK client: "
                        + e.getMessage() + ". Hint: set region(...) or AWS_REGION", e);
            }
        }

        private SecretsManagerClient buildClient() {
            Duration timeout = callTimeout;
            SecretsManagerClientBuilder sdk = SecretsManagerClient.builder()
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)
                            .apiCallAttemptTimeout(timeout)
                            .retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (region != null) {
                sdk.region(region);
            }
            if (endpointOverride != null) {
                sdk.endpointOverride(endpointOverride);
            }
            if (credentialsProvider != null) {
                sdk.credentialsProvider(credentialsProvider);
            }
            return sdk.build();
        }

        private void validate() {
            if (secretId == null || secretId.isBlank()) {
                throw invalid("secretId", secretId == null ? null : "'" + secretId + "'", "is required: the secret's name or ARN");
            }
            if (client != null && (region != null || endpointOverride != null || credentialsProvider != null)) {
                throw invalid("client", client, "excludes region, endpointOverride and credentialsProvider: configure the client itself");
            }
            if (endpointOverride != null && (!endpointOverride.isAbsolute() || !List.of("http", "https").contains(endpointOverride.getScheme()))) {
                throw invalid("endpointOverride", endpointOverride, "must be an absolute http or https URI");
            }
            if (jsonKey != null && jsonKey.isBlank()) {
                throw invalid("jsonKey", "'" + jsonKey + "'", "must not be blank (null means the default keys)");
            }
            if (callTimeout == null || callTimeout.compareTo(Duration.ofMillis(1)) < 0 || callTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw invalid("callTimeout", callTimeout, "must be between 1 ms and 5 minutes");
            }
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw invalid("maxAttempts", maxAttempts, "must be between 1 and 10");
            }
            if (retryBackoff == null || retryBackoff.compareTo(Duration.ofMillis(1)) < 0 || retryBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
                throw invalid("retryBackoff", retryBackoff, "must be between 1 ms and 1 minute");
            }
        }

        private static IllegalArgumentException invalid(String setting, Object value, String rule) {
            return new IllegalArgumentException("SecretsManagerTokenSource " + setting + " = " + value + ": " + rule);
        }
    }
}
