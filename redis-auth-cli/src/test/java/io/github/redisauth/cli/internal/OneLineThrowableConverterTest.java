package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI's own {@code logback.xml} (not the test configuration): an exception logged by any logger,
 * e.g. Lettuce's reconnect WARN, is one line without {@code --debug}, a stack trace with it.
 */
class OneLineThrowableConverterTest {

    @AfterEach
    void reset() {
        OneLineThrowableConverter.showStackTraces(false);
    }

    static String logThroughTheCliConfiguration() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            configurator.doConfigure(OneLineThrowableConverterTest.class.getResource("/logback.xml"));
            Exception failure = new IllegalStateException("Cannot reconnect to [localhost/<unresolved>:6379]: WRONGPASS invalid",
                    new java.io.IOException("connection reset\r\n\u001b[31mred"));
            context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").warn("Cannot reconnect", failure);
        } finally {
            System.setErr(original);
            context.stop();
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            context.getStatusManager().getCopyOfStatusList().forEach(status -> System.out.println("logback: " + status));
        }
        return text;
    }

    @Test
    void anExceptionOfAnyLoggerIsOneLineWithoutDebug() throws Exception {
        String text = logThroughTheCliConfiguration();
        assertThat(text.lines()).hasSize(1);
        assertThat(text.strip()).endsWith("WARN  i.l.c.p.ConnectionWatchdog - Cannot reconnect [IllegalStateException: Cannot reconnect to "
                + "[localhost/<unresolved>:6379]: WRONGPASS invalid; caused by IOException: connection reset???[31mred; "
                + "--debug for the stack trace]");
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        OneLineThrowableConverter.showStackTraces(true);
        String text = logThroughTheCliConfiguration();
        assertThat(text).contains("java.lang.IllegalStateException: Cannot reconnect").contains("\tat ");
    }
}
