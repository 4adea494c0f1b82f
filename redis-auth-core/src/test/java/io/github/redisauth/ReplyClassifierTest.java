package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class ReplyClassifierTest {

    static final String NOAUTH = "NOAUTH Authentication required.";
    static final String WRONGPASS_62 = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String WRONGPASS_60 = "WRONGPASS invalid username-password pair";
    static final String INVALID_PASSWORD_28 = "ERR invalid password";
    static final String NO_PASSWORD_28 = "ERR Client sent AUTH, but no password is set";
    static final String NO_PASSWORD_6 = "ERR AUTH <password> called without any password configured for the default user."
            + " Are you sure your configuration is correct?";

    @Test
    void noauthIsAuthRequired() {
        assertThat(ReplyClassifier.classify(NOAUTH)).isEqualTo(AuthReply.AUTH_REQUIRED);
        assertThat(ReplyClassifier.classify("-" + NOAUTH)).isEqualTo(AuthReply.AUTH_REQUIRED);
    }

    @Test
    void wrongpassOf62AndLaterIsRejected() {
        assertThat(ReplyClassifier.classify(WRONGPASS_62)).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void wrongpassOf60IsRejected() {
        assertThat(ReplyClassifier.classify(WRONGPASS_60)).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void invalidPasswordOfPre6IsRejected() {
        assertThat(ReplyClassifier.classify("-" + INVALID_PASSWORD_28)).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void noPasswordSetOfPre6IsNoPasswordSet() {
        assertThat(ReplyClassifier.classify(NO_PASSWORD_28)).isEqualTo(AuthReply.NO_PASSWORD_SET);
    }

    @Test
    void noPasswordConfiguredOf6IsNoPasswordSet() {
        assertThat(ReplyClassifier.classify(NO_PASSWORD_6)).isEqualTo(AuthReply.NO_PASSWORD_SET);
    }

    @Test
    void otherErrorsAreOther() {
        assertThat(ReplyClassifier.classify("ERR unknown command 'hello'")).isEqualTo(AuthReply.OTHER);
        assertThat(ReplyClassifier.classify("ERR wrong number of arguments for 'auth' command")).isEqualTo(AuthReply.OTHER);
        assertThat(ReplyClassifier.classify("LOADING Redis is loading the dataset in memory")).isEqualTo(AuthReply.OTHER);
        assertThat(ReplyClassifier.classify((String) null)).isEqualTo(AuthReply.OTHER);
        assertThat(ReplyClassifier.classify((Throwable) null)).isEqualTo(AuthReply.OTHER);
    }

    @Test
    void lettuceWrapsTheReplyInsideAConnectionException() {
        var failure = new RedisConnectionException("Unable to connect to localhost/<unresolved>:6379",
                new RedisCommandExecutionException(WRONGPASS_62));
        assertThat(ReplyClassifier.classify(failure)).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void lettuceClusterNodeErrorsSitInSuppressed() {
        var failure = new RedisConnectionException("Unable to establish a connection to Redis Cluster");
        failure.addSuppressed(new RedisConnectionException("Unable to connect to [127.0.0.1:7001]",
                new RedisCommandExecutionException(INVALID_PASSWORD_28)));
        assertThat(ReplyClassifier.classify(failure)).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void rejectionOnOneNodeOutranksNoPasswordOnAnother() {
        var failure = new RedisConnectionException("cluster");
        failure.addSuppressed(new RedisCommandExecutionException(NO_PASSWORD_28));
        failure.addSuppressed(new RedisCommandExecutionException(WRONGPASS_62));
        assertThat(ReplyClassifier.classify(failure)).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void rejectionOutranksAuthRequired() {
        assertThat(ReplyClassifier.classify(nodes(NOAUTH, WRONGPASS_62))).isEqualTo(AuthReply.REJECTED);
        assertThat(ReplyClassifier.classify(nodes(WRONGPASS_62, NOAUTH))).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void authRequiredOutranksNoPasswordSet() {
        assertThat(ReplyClassifier.classify(nodes(NO_PASSWORD_28, NOAUTH))).isEqualTo(AuthReply.AUTH_REQUIRED);
        assertThat(ReplyClassifier.classify(nodes(NOAUTH, NO_PASSWORD_6))).isEqualTo(AuthReply.AUTH_REQUIRED);
    }

    @Test
    void noPasswordSetOutranksOther() {
        assertThat(ReplyClassifier.classify(nodes("ERR unknown command 'hello'", NO_PASSWORD_28)))
                .isEqualTo(AuthReply.NO_PASSWORD_SET);
        assertThat(ReplyClassifier.classify(nodes(NO_PASSWORD_6, "Connection refused"))).isEqualTo(AuthReply.NO_PASSWORD_SET);
    }

    @Test
    void rejectionOutranksNoPasswordSetInEitherOrder() {
        assertThat(ReplyClassifier.classify(nodes(WRONGPASS_62, NO_PASSWORD_6))).isEqualTo(AuthReply.REJECTED);
        assertThat(ReplyClassifier.classify(nodes(NO_PASSWORD_6, INVALID_PASSWORD_28))).isEqualTo(AuthReply.REJECTED);
    }

    /** One cluster connect failure with each node's reply in {@code getSuppressed()}, as Lettuce reports it. */
    private static RedisConnectionException nodes(String... replies) {
        var failure = new RedisConnectionException("Unable to establish a connection to Redis Cluster");
        for (String reply : replies) {
            failure.addSuppressed(new RedisCommandExecutionException(reply));
        }
        return failure;
    }

    @Test
    void jedisAccessControlExceptionIsRejected() {
        assertThat(ReplyClassifier.classify(new JedisAccessControlException(WRONGPASS_62))).isEqualTo(AuthReply.REJECTED);
        assertThat(ReplyClassifier.classify(new JedisAccessControlException(NOAUTH))).isEqualTo(AuthReply.AUTH_REQUIRED);
    }

    @Test
    void jedisPre6InvalidPasswordIsAPlainDataExceptionAndStillRejected() {
        assertThat(ReplyClassifier.classify(new JedisDataException(INVALID_PASSWORD_28))).isEqualTo(AuthReply.REJECTED);
    }

    @Test
    void jedisPoolWrapsTheCauseInAConnectionException() {
        var failure = new JedisConnectionException("Failed to create socket.", new JedisDataException(NO_PASSWORD_6));
        assertThat(ReplyClassifier.classify(failure)).isEqualTo(AuthReply.NO_PASSWORD_SET);
    }

    @Test
    void causeCyclesTerminate() {
        var a = new RuntimeException("a");
        var b = new RuntimeException("b", a);
        a.initCause(b);
        a.addSuppressed(b);
        assertThat(ReplyClassifier.classify(a)).isEqualTo(AuthReply.OTHER);
    }
}
