package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.Available.TOKEN;
import static io.github.redisauth.testkit.Available.TOKEN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Passwords never show up in logs, toString, exception messages or files left on disk. */
class SecretsNotLoggedIT {

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void tokensNeverAppearInLogsToStringOrFiles(RedisVersion version) throws Exception {
        Available.assume(version);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger testkit = (Logger) LoggerFactory.getLogger("io.github.redisauth");
        Level before = testkit.getLevel();
        testkit.setLevel(Level.TRACE);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        StringBuilder seen = new StringBuilder();
        try (RedisServer server = RedisServer.builder(version).tls(true).password(TOKEN).start()) {
            server.setPasswords(version.supportsAcl() ? new String[] {TOKEN, TOKEN_2} : new String[] {TOKEN_2});
            server.restart();
            server.killClients();
            seen.append(server).append(server.uri()).append(server.logFile());
            try (RespClient c = RespClient.connect(server.host(), server.port(),
                    TestCertificates.shared().clientSslContext(), Duration.ofSeconds(5))) {
                c.command("AUTH", TOKEN_2);
                seen.append(c);
                server.killClients();
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> c.command("AUTH", TOKEN));
                assertThat(t).isNotNull();
                seen.append(t).append(t.getMessage());
            }
            Throwable twoOn28 = org.assertj.core.api.Assertions.catchThrowable(
                    () -> RedisServer.builder(RedisVersion.V2_8).passwords(TOKEN, TOKEN_2));
            seen.append(twoOn28.getMessage());
            try (Stream<Path> files = Files.walk(server.directory())) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    seen.append(f);
                    if (Files.isRegularFile(f)) {
                        seen.append(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
            }
        } finally {
            root.detachAppender(appender);
            testkit.setLevel(before);
        }
        for (ILoggingEvent e : appender.list) {
            seen.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                seen.append(e.getThrowableProxy().getMessage());
            }
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("started Redis"))
                .anyMatch(m -> m.startsWith("restarted Redis"));
        assertThat(seen.toString()).doesNotContain(TOKEN).doesNotContain(TOKEN_2).doesNotContain("sentinel-Token");
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void respErrorsDoNotEchoArguments(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).password(TOKEN).start();
             RespClient c = RespClient.connect(server.host(), server.port(), null, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.command("AUTH", "sentinel-Token-WRONG1"))
                    .isInstanceOf(RespErrorException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("sentinel-Token"));
            assertThat(c.toString()).doesNotContain("sentinel");
        }
    }
}
