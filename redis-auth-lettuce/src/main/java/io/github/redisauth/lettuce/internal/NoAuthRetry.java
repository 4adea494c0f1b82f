package io.github.redisauth.lettuce.internal;

import io.lettuce.core.RedisCredentials;

/**
 * What a connection asks when one of its commands was answered {@code NOAUTH} (the server got a password
 * while the connection had none, Redis &lt; 6): the credentials to send before the command is sent again.
 */
public interface NoAuthRetry {

    /**
     * @return the credentials to authenticate with, or null to let the command fail
     */
    RedisCredentials credentialsAfterNoAuth();

    /**
     * Reports the outcome of the {@code AUTH} sent for a retry.
     *
     * @param failure null on success
     */
    void authAfterNoAuthCompleted(Throwable failure);
}
