package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.GatewayReplies.HELLO_NOAUTH;
import static io.github.redisauth.testkit.GatewayReplies.NOAUTH;
import static io.github.redisauth.testkit.GatewayReplies.NO_PASSWORD_6;
import static io.github.redisauth.testkit.GatewayReplies.T1;
import static io.github.redisauth.testkit.GatewayReplies.T2;
import static io.github.redisauth.testkit.GatewayReplies.T3;
import static io.github.redisauth.testkit.GatewayReplies.WRONG;
import static io.github.redisauth.testkit.GatewayReplies.WRONGPASS;
import static io.github.redisauth.testkit.GatewayReplies.WRONG_ARITY_AUTH;
import static io.github.redisauth.testkit.GatewayReplies.assertError;
import static io.github.redisauth.testkit.GatewayReplies.connect;
import static io.github.redisauth.testkit.GatewayReplies.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gateway in the 6+ dialect in front of real Redis 6.2 and 7: every state pinned to the exact replies. */
class AuthGatewayV6IT {

    private static AuthGateway gateway(RedisVersion version) {
        Available.assume(version);
        return AuthGateway.builder().backendVersion(version).start();
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void walksTheElastiCacheLifecycleWithExact6Replies(RedisVersion version) throws Exception {
        try (AuthGateway gw = gateway(version)) {
            assertThat(gw.dialect()).isEqualTo(GatewayDialect.V6_PLUS);
            try (RespClient c = connect(gw)) {
                assertThat(c.command("PING")).isEqualTo("PONG");
                assertError(c, NO_PASSWORD_6, "AUTH", T1);
                // the default user is "nopass": any password works as two-argument AUTH, like Redis 6+
                assertThat(c.command("AUTH", "default", WRONG)).isEqualTo("OK");
                assertError(c, WRONGPASS, "AUTH", "someone", T1);
            }

            gw.rotate(T1);
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");
            assertThat(fresh(gw, "AUTH", T1)).isEqualTo("OK");
            assertThat(fresh(gw, "AUTH", "default", T1)).isEqualTo("OK");
            assertThat(fresh(gw, "AUTH", WRONG)).isEqualTo(WRONGPASS);
            assertThat(fresh(gw, "AUTH", "default", WRONG)).isEqualTo(WRONGPASS);

            gw.set(T1);
            try (RespClient c = connect(gw)) {
                assertError(c, NOAUTH, "PING");
                assertError(c, HELLO_NOAUTH, "HELLO", "3");
                assertError(c, WRONGPASS, "AUTH", WRONG);
                assertThat(c.command("AUTH", "default", T1)).isEqualTo("OK");
                // 6+: a failed AUTH keeps the earlier login
                assertError(c, WRONGPASS, "AUTH", WRONG);
                assertThat(c.command("PING")).isEqualTo("PONG");
            }

            gw.rotate(T2);
            assertThat(fresh(gw, "PING")).isEqualTo(NOAUTH);
            assertThat(fresh(gw, "AUTH", T1)).isEqualTo("OK");
            assertThat(fresh(gw, "AUTH", T2)).isEqualTo("OK");
            gw.rotate(T3);
            assertThat(fresh(gw, "AUTH", T1)).isEqualTo(WRONGPASS);
            assertThat(fresh(gw, "AUTH", T2)).isEqualTo("OK");
            gw.set(T3);
            assertThat(fresh(gw, "AUTH", T2)).isEqualTo(WRONGPASS);
            assertThat(fresh(gw, "AUTH", T3)).isEqualTo("OK");

            gw.delete();
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");
            assertThat(fresh(gw, "AUTH", T3)).isEqualTo(NO_PASSWORD_6);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    @SuppressWarnings("unchecked")
    void helloWithAuthAuthenticatesAndTheBackendAnswersHello(RedisVersion version) throws Exception {
        try (AuthGateway gw = gateway(version)) {
            gw.rotate(T1);
            gw.set(T1);
            try (RespClient c = connect(gw)) {
                assertError(c, WRONGPASS, "HELLO", "3", "AUTH", "default", WRONG);
                assertError(c, NOAUTH, "PING");
                // the backend's real HELLO reply (RESP2 map as a flat array, asked with protocol 2)
                Object hello = c.command("HELLO", "2", "AUTH", "default", T1, "SETNAME", "gw-test");
                assertThat((List<Object>) hello).contains("server", "redis", "proto", 2L);
                assertThat(c.command("CLIENT", "GETNAME")).isEqualTo("gw-test");
                assertThat(c.command("PING")).isEqualTo("PONG");
                assertError(c, "NOPROTO unsupported protocol version", "HELLO", "4", "AUTH", "default", T1);
                assertError(c, "ERR Syntax error in HELLO option 'AUTH'", "HELLO", "3", "AUTH", "default");
                assertError(c, WRONG_ARITY_AUTH, "AUTH");
                assertError(c, "ERR syntax error", "AUTH", "a", "b", "c");
            }
        }
    }
}
