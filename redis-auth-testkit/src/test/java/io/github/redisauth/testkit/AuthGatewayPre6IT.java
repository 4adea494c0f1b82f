package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.GatewayReplies.HELLO_UNKNOWN;
import static io.github.redisauth.testkit.GatewayReplies.INVALID_PASSWORD;
import static io.github.redisauth.testkit.GatewayReplies.NOAUTH;
import static io.github.redisauth.testkit.GatewayReplies.NO_PASSWORD_PRE_6;
import static io.github.redisauth.testkit.GatewayReplies.T1;
import static io.github.redisauth.testkit.GatewayReplies.T2;
import static io.github.redisauth.testkit.GatewayReplies.T3;
import static io.github.redisauth.testkit.GatewayReplies.WRONG;
import static io.github.redisauth.testkit.GatewayReplies.WRONG_ARITY_AUTH;
import static io.github.redisauth.testkit.GatewayReplies.assertError;
import static io.github.redisauth.testkit.GatewayReplies.connect;
import static io.github.redisauth.testkit.GatewayReplies.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway in the pre-6 dialect in front of a real Redis 2.8.19: every state pinned to the exact replies. */
class AuthGatewayPre6IT {

    private static RedisServer backend;

    @BeforeAll
    static void startBackend() {
        Available.assume(RedisVersion.V2_8);
        backend = RedisServer.builder(RedisVersion.V2_8).start();
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private static AuthGateway gateway() {
        return AuthGateway.builder().backend(backend).start();
    }

    @Test
    void walksTheElastiCacheLifecycleWithExactPre6Replies() throws Exception {
        try (AuthGateway gw = gateway()) {
            assertThat(gw.dialect()).isEqualTo(GatewayDialect.PRE_6);
            assertThat(gw.tls()).isTrue();
            assertThat(gw.uri().toString()).isEqualTo("rediss://localhost:" + gw.port());

            // no token: served without AUTH; AUTH gets 2.8's no-password error
            assertThat(gw.state()).isEqualTo(GatewayState.NO_TOKEN);
            assertThat(gw.acceptedTokenCount()).isZero();
            try (RespClient c = connect(gw)) {
                assertThat(c.command("PING")).isEqualTo("PONG");
                assertError(c, NO_PASSWORD_PRE_6, "AUTH", T1);
                assertThat(c.command("SET", "k", "v")).isEqualTo("OK");
                assertThat(c.command("GET", "k")).isEqualTo("v");
            }

            // first ROTATE: T1 accepted, clients without AUTH still served, wrong AUTH rejected
            gw.rotate(T1);
            assertThat(gw.state()).isEqualTo(GatewayState.ROTATING);
            assertThat(gw.acceptedTokenCount()).isEqualTo(1);
            assertThat(gw.authRequired()).isFalse();
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");
            assertThat(fresh(gw, "AUTH", T1)).isEqualTo("OK");
            assertThat(fresh(gw, "AUTH", WRONG)).isEqualTo(INVALID_PASSWORD);

            // SET: only T1, AUTH required
            gw.set(T1);
            assertThat(gw.state()).isEqualTo(GatewayState.SET);
            try (RespClient c = connect(gw)) {
                assertError(c, NOAUTH, "PING");
                assertError(c, NOAUTH, "GET", "k");
                assertError(c, INVALID_PASSWORD, "AUTH", WRONG);
                assertThat(c.command("AUTH", T1)).isEqualTo("OK");
                assertThat(c.command("GET", "k")).isEqualTo("v");
                // 2.8: a wrong AUTH logs the connection out again
                assertError(c, INVALID_PASSWORD, "AUTH", WRONG);
                assertError(c, NOAUTH, "PING");
            }

            // ROTATE after SET: both accepted, AUTH still required
            gw.rotate(T2);
            assertThat(gw.state()).isEqualTo(GatewayState.ROTATING);
            assertThat(gw.acceptedTokenCount()).isEqualTo(2);
            assertThat(gw.authRequired()).isTrue();
            assertThat(fresh(gw, "PING")).isEqualTo(NOAUTH);
            assertThat(fresh(gw, "AUTH", T1)).isEqualTo("OK");
            assertThat(fresh(gw, "AUTH", T2)).isEqualTo("OK");

            // a third token drops the oldest
            gw.rotate(T3);
            assertThat(gw.acceptedTokenCount()).isEqualTo(2);
            assertThat(fresh(gw, "AUTH", T1)).isEqualTo(INVALID_PASSWORD);
            assertThat(fresh(gw, "AUTH", T2)).isEqualTo("OK");
            assertThat(fresh(gw, "AUTH", T3)).isEqualTo("OK");

            // SET must name the last rotated token
            assertThatThrownBy(() -> gw.set(T2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("same value as the last AUTH token rotated")
                    .hasMessageNotContaining(T2);
            gw.set(T3);
            assertThat(gw.acceptedTokenCount()).isEqualTo(1);
            assertThat(fresh(gw, "AUTH", T2)).isEqualTo(INVALID_PASSWORD);
            assertThat(fresh(gw, "AUTH", T3)).isEqualTo("OK");
            assertThat(fresh(gw, "PING")).isEqualTo(NOAUTH);
            assertThatThrownBy(() -> gw.set(T3)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only after rotate");

            // DELETE: back to no token
            gw.delete();
            assertThat(gw.state()).isEqualTo(GatewayState.NO_TOKEN);
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");
            assertThat(fresh(gw, "AUTH", T3)).isEqualTo(NO_PASSWORD_PRE_6);
            // and the next ROTATE is a first one again
            gw.rotate(T1);
            assertThat(gw.authRequired()).isFalse();
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");
            assertThat(gw.toString()).doesNotContain(T1, T2, T3);
        }
    }

    @Test
    void helloIsUnknownAndTwoArgumentAuthIsRefused() throws Exception {
        try (AuthGateway gw = gateway(); RespClient c = connect(gw)) {
            // the real 2.8 backend's reply, with the name as sent
            assertError(c, HELLO_UNKNOWN, "HELLO", "3", "AUTH", "default", T1);
            assertError(c, "ERR unknown command 'hello'", "hello");
            assertError(c, WRONG_ARITY_AUTH, "AUTH", "default", T1);
            assertError(c, WRONG_ARITY_AUTH, "AUTH");
            gw.rotate(T1);
            gw.set(T1);
            try (RespClient d = connect(gw)) {
                assertError(d, HELLO_UNKNOWN, "HELLO", "3", "AUTH", "default", T1);
                assertError(d, WRONG_ARITY_AUTH, "AUTH", "default", T1);
                assertError(d, NOAUTH, "PING");
                assertThat(d.command("AUTH", T1)).isEqualTo("OK");
                assertThat(d.command("PING")).isEqualTo("PONG");
            }
        }
    }

    @Test
    void pre6DialectInFrontOfA7BackendAnswersHelloAs28Does() throws Exception {
        Available.assume(RedisVersion.V7);
        try (AuthGateway gw = AuthGateway.builder().backendVersion(RedisVersion.V7).dialect(GatewayDialect.PRE_6)
                .start(); RespClient c = connect(gw)) {
            assertThat(gw.backend().version()).isEqualTo(RedisVersion.V7);
            assertError(c, HELLO_UNKNOWN, "HELLO", "3");
            assertError(c, NO_PASSWORD_PRE_6, "AUTH", T1);
            assertError(c, WRONG_ARITY_AUTH, "AUTH", "default", T1);
            assertThat(c.command("PING")).isEqualTo("PONG");
        }
        assertThatThrownBy(() -> AuthGateway.builder().backend(backend).dialect(GatewayDialect.V6_PLUS).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("V6_PLUS needs a Redis 6+ backend");
    }

    @Test
    void tokensMustFollowElastiCacheRulesAndNeverShowUp() {
        try (AuthGateway gw = gateway()) {
            assertThatThrownBy(() -> gw.rotate("short")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("16-128").hasMessageNotContaining("short");
            assertThatThrownBy(() -> gw.rotate("has-a-slash/16chars-long")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("! & # $ ^ < > -").hasMessageNotContaining("slash");
            assertThatThrownBy(() -> gw.set(T1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only after rotate");
            assertThat(gw.state()).isEqualTo(GatewayState.NO_TOKEN);
            gw.rotate("Aa1!&#$^<>-xxxxxxxxxx");
            assertThat(gw.acceptedTokenCount()).isEqualTo(1);
        }
    }
}
