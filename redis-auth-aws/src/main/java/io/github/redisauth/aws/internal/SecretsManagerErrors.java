package io.github.redisauth.aws.internal;

import io.github.redisauth.TokenSourceException;
import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Which Secrets Manager failures are retried, and how each is explained to an operator. */
public final class SecretsManagerErrors {

    private SecretsManagerErrors() {
    }

    /**
     * Throttling, 5xx and network failures are worth another attempt; a timeout is not (the caller
     * asked for a bounded wait), nor is any other 4xx.
     *
     * @param failure what a call threw
     * @return true to retry
     */
    public static boolean isRetryable(Throwable failure) {
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return false;
        }
        if (failure instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return failure instanceof SdkClientException && failure.getCause() instanceof IOException;
    }

    /**
     * @param secretId the secret
     * @param stage the staging label asked for
     * @param failure what the SDK threw
     * @param attempts how many calls were made
     * @param callTimeout the per-call timeout, for the timeout hint
     * @return an exception naming the secret, the stage and the AWS error code, with a hint
     */
    public static TokenSourceException describe(String secretId, String stage, SdkException failure, int attempts, Duration callTimeout) {
        String prefix = "Secrets Manager secret '" + secretId + "' stage " + stage + ": ";
        String tries = " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return new TokenSourceException(prefix + "no answer within the call timeout of " + callTimeout + tries
                    + ". Hint: check the network path to Secrets Manager (VPC endpoint, proxy, security groups) or raise callTimeout", failure);
        }
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            return new TokenSourceException(prefix + code + " (HTTP " + service.statusCode() + ")" + tries
                    + (message == null ? "" : ": " + message) + ". Hint: " + hint(code, service), failure);
        }
        return new TokenSourceException(prefix + "cannot call Secrets Manager" + tries + ": " + failure.getMessage()
                + ". Hint: check the region, the endpoint, the credentials and the network", failure);
    }

    private static String hint(String code, AwsServiceException failure) {
        if (failure.isThrottlingException()) {
            return "the request rate is too high: cache the source (CachingTokenSource) or raise its refresh interval";
        }
        if (code == null) {
            return "see the AWS error above";
        }
        return switch (code) {
            case "ResourceNotFoundException" -> "check the secret id (name or full ARN), the region and that the stage exists";
            case "AccessDeniedException" -> "grant secretsmanager:GetSecretValue (and kms:Decrypt for a customer-managed key)";
            case "DecryptionFailure" -> "Secrets Manager cannot decrypt the secret with its KMS key: grant kms:Decrypt on the key and check it is enabled";
            case "InvalidRequestException" -> "the secret may be scheduled for deletion or disabled: restore it";
            case "InvalidParameterException" -> "check the secret id and the staging label";
            case "InternalServiceError" -> "Secrets Manager failed on its side: try again later";
            default -> failure.statusCode() >= 500 ? "Secrets Manager failed on its side: try again later" : "see the AWS error above";
        };
    }
}
