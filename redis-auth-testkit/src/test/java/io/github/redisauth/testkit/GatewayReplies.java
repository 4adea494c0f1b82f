package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Exact replies and small helpers shared by the AUTH gateway tests. */
final class GatewayReplies {

    static final String T1 = "gateway-Token1-16chars";
    static final String T2 = "gateway-Token2-16chars";
    static final String T3 = "gateway-Token3-16chars";
    static final String WRONG = "wrong-Token-16chars!";

    static final String NOAUTH = RedisServerAuthIT.NOAUTH;
    static final String INVALID_PASSWORD = RedisServerAuthIT.INVALID_PASSWORD_28;
    static final String NO_PASSWORD_PRE_6 = RedisServerAuthIT.NO_PASSWORD_28;
    static final String WRONGPASS = RedisServerAuthIT.WRONGPASS;
    static final String NO_PASSWORD_6 = RedisServerAuthIT.NO_PASSWORD_6;
    static final String WRONG_ARITY_AUTH = "ERR wrong number of arguments for 'auth' command";
    static final String HELLO_UNKNOWN = "ERR unknown command 'HELLO'";
    static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
            + "the RESP protocol version at the same time";

    private GatewayReplies() {
    }

    static RespClient connect(AuthGateway gw) throws IOException {
        return RespClient.connect(gw.host(), gw.port(), gw.tls() ? TestCertificates.shared().clientSslContext() : null,
                Duration.ofSeconds(5));
    }

    static void assertError(RespClient c, String expected, String... command) {
        assertThatThrownBy(() -> c.command(command))
                .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message()).isEqualTo(expected));
    }

    /** Opens a fresh connection, sends one command, and returns its reply or the error line. */
    static Object fresh(AuthGateway gw, String... command) throws IOException {
        try (RespClient c = connect(gw)) {
            return c.command(command);
        } catch (RespErrorException e) {
            return e.message();
        }
    }

    /** Messages of a throwable, its causes and their suppressed exceptions. */
    static List<String> messages(Throwable t) {
        List<String> out = new ArrayList<>();
        collect(t, out, 0);
        return out;
    }

    private static void collect(Throwable t, List<String> out, int depth) {
        if (t == null || depth > 10) {
            return;
        }
        out.add(String.valueOf(t.getMessage()));
        for (Throwable s : t.getSuppressed()) {
            collect(s, out, depth + 1);
        }
        collect(t.getCause(), out, depth + 1);
    }
}
