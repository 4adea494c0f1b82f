package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.Available.TOKEN;
import static io.github.redisauth.testkit.Available.TOKEN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The auth replies of real 2.8.19, 6.2.x and 7.x servers over TLS, and the server lifecycle. */
class RedisServerAuthIT {

    static final String NOAUTH = "NOAUTH Authentication required.";
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String INVALID_PASSWORD_28 = "ERR invalid password";
    static final String NO_PASSWORD_28 = "ERR Client sent AUTH, but no password is set";
    static final String NO_PASSWORD_6 = "ERR AUTH <password> called without any password configured for the "
            + "default user. Are you sure your configuration is correct?";

    static RespClient tlsClient(RedisServer server) throws IOException {
        return RespClient.connect(server.host(), server.port(), TestCertificates.shared().clientSslContext(),
                Duration.ofSeconds(5));
    }

    static String wrongPasswordError(RedisVersion v) {
        return v.supportsAcl() ? WRONGPASS : INVALID_PASSWORD_28;
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void repliesToAuthLikeTheRealVersion(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).password(TOKEN).start();
             RespClient client = tlsClient(server)) {
            assertThat(server.versionString()).startsWith(version == RedisVersion.V7 ? "7." : version.label() + ".");
            assertThat(server.uri().toString()).isEqualTo("rediss://localhost:" + server.port());
            assertThat(server.logFile()).exists();

            assertThatThrownBy(() -> client.command("PING"))
                    .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message()).isEqualTo(NOAUTH));
            assertThatThrownBy(() -> client.command("AUTH", "wrong-Token-16chars"))
                    .isInstanceOfSatisfying(RespErrorException.class,
                            e -> assertThat(e.message()).isEqualTo(wrongPasswordError(version)));
            assertThat(client.command("AUTH", TOKEN)).isEqualTo("OK");
            assertThat(client.command("PING")).isEqualTo("PONG");
            assertThat(client.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(client.command("GET", "k")).isEqualTo("v");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void authWithoutPasswordConfiguredGivesTheVersionsError(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).start();
             RespClient client = tlsClient(server)) {
            assertThat(client.command("PING")).isEqualTo("PONG");
            assertThatThrownBy(() -> client.command("AUTH", TOKEN))
                    .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message())
                            .isEqualTo(version.supportsAcl() ? NO_PASSWORD_6 : NO_PASSWORD_28));
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void twoTokensAtOnceThenOnlyTheNewOne(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).password(TOKEN).start()) {
            server.setPasswords(TOKEN, TOKEN_2);
            try (RespClient a = tlsClient(server); RespClient b = tlsClient(server)) {
                assertThat(a.command("AUTH", TOKEN)).isEqualTo("OK");
                assertThat(b.command("AUTH", TOKEN_2)).isEqualTo("OK");
            }
            server.setPasswords(TOKEN_2);
            try (RespClient c = tlsClient(server)) {
                assertThatThrownBy(() -> c.command("AUTH", TOKEN))
                        .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message()).isEqualTo(WRONGPASS));
                assertThat(c.command("AUTH", TOKEN_2)).isEqualTo("OK");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void setPasswordsKeepsExistingConnectionsAndCanRemoveThePassword(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).start();
             RespClient before = tlsClient(server)) {
            assertThat(before.command("PING")).isEqualTo("PONG");
            server.setPasswords(TOKEN);
            if (version.supportsAcl()) {
                // 6+: the connection stays logged in as the default user
                assertThat(before.command("PING")).isEqualTo("PONG");
            } else {
                // 2.8: not dropped, but a connection that never sent AUTH must now authenticate
                assertThatThrownBy(() -> before.command("PING"))
                        .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message()).isEqualTo(NOAUTH));
                assertThat(before.command("AUTH", TOKEN)).isEqualTo("OK");
            }
            try (RespClient after = tlsClient(server)) {
                assertThatThrownBy(() -> after.command("PING"))
                        .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message()).isEqualTo(NOAUTH));
            }
            server.setPasswords();
            try (RespClient none = tlsClient(server)) {
                assertThat(none.command("PING")).isEqualTo("PONG");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void killClientsDropsLiveAuthenticatedConnections(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).password(TOKEN).start();
             RespClient client = tlsClient(server)) {
            assertThat(client.command("AUTH", TOKEN)).isEqualTo("OK");
            assertThat(client.command("PING")).isEqualTo("PONG");
            server.killClients();
            assertThatThrownBy(() -> client.command("PING")).isInstanceOf(IOException.class);
            // the server itself is fine, and so is the testkit's admin connection
            server.setPasswords(TOKEN);
            try (RespClient again = tlsClient(server)) {
                assertThat(again.command("AUTH", TOKEN)).isEqualTo("OK");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void restartKeepsPortTlsAndPassword(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).password(TOKEN).start()) {
            int port = server.port();
            long pid = server.pid();
            RespClient old = tlsClient(server);
            assertThat(old.command("AUTH", TOKEN)).isEqualTo("OK");
            server.restart();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.pid()).isNotEqualTo(pid);
            assertThatThrownBy(() -> old.command("PING")).isInstanceOf(IOException.class);
            old.close();
            try (RespClient client = tlsClient(server)) {
                assertThatThrownBy(() -> client.command("PING"))
                        .isInstanceOfSatisfying(RespErrorException.class, e -> assertThat(e.message()).isEqualTo(NOAUTH));
                assertThatThrownBy(() -> client.command("AUTH", "wrong-Token-16chars"))
                        .isInstanceOfSatisfying(RespErrorException.class,
                                e -> assertThat(e.message()).isEqualTo(wrongPasswordError(version)));
                assertThat(client.command("AUTH", TOKEN)).isEqualTo("OK");
            }
            // passwords changed after start survive a restart too
            server.setPasswords(TOKEN_2);
            server.restart();
            try (RespClient client = tlsClient(server)) {
                assertThat(client.command("AUTH", TOKEN_2)).isEqualTo("OK");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void restartKeepsTheData(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).password(TOKEN).start()) {
            try (RespClient client = tlsClient(server)) {
                client.command("AUTH", TOKEN);
                assertThat(client.command("SET", "survives", "restart")).isEqualTo("OK");
            }
            server.restart();
            try (RespClient client = tlsClient(server)) {
                client.command("AUTH", TOKEN);
                assertThat(client.command("GET", "survives")).isEqualTo("restart");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void plaintextServerWorksToo(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).password(TOKEN).start();
             RespClient client = RespClient.connect(server.host(), server.port(), null, Duration.ofSeconds(5))) {
            assertThat(server.tls()).isFalse();
            assertThat(server.uri().toString()).isEqualTo("redis://localhost:" + server.port());
            assertThat(client.command("AUTH", TOKEN)).isEqualTo("OK");
        }
    }
}
