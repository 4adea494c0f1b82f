package io.github.redisauth.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures log events in memory while open, for "the token never shows in logs" checks and for
 * asserting on what was logged.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.root()) {
 *     ... // run the client
 *     assertThat(logs.text()).doesNotContain(tokenValue);
 * }
 * }</pre>
 *
 * <p>Needs Logback ({@code ch.qos.logback:logback-classic}) as the SLF4J binding on the test
 * class path; the testkit declares it {@code provided}, so the consuming module brings its own
 * (test scope). Thread-safe: events may be logged from any thread while {@link #text()} and
 * friends are called.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean raiseLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String loggerName, boolean raiseLevel) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        this.raiseLevel = raiseLevel;
        if (raiseLevel) {
            logger.setLevel(Level.TRACE);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * Captures every logger (the client libraries' included) at the levels the logging
     * configuration enables.
     *
     * @return an open capture; close it to detach
     */
    public static LogCapture root() {
        return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, false);
    }

    /**
     * Captures one logger and everything under it at every level: its level is TRACE while open
     * and restored on {@link #close()}.
     *
     * @param loggerName e.g. {@code "io.github.redisauth"}
     * @return an open capture; close it to detach and restore the level
     */
    public static LogCapture allLevels(String loggerName) {
        return new LogCapture(Objects.requireNonNull(loggerName, "loggerName"), true);
    }

    /** {@return a snapshot of the events captured so far, in order} */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // ListAppender appends while holding its own monitor
            return List.copyOf(appender.list);
        }
    }

    /**
     * The formatted messages of one level.
     *
     * @param level e.g. {@code Level.WARN}
     * @return the messages logged at exactly that level, in order
     */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }

    /** {@return the number of events captured so far} */
    public int size() {
        return events().size();
    }

    /**
     * Every formatted message, one a line, each followed by its throwable chain (causes), one
     * {@code "  ClassName: message"} line each: everything a log file could show of a secret.
     *
     * @return the captured text, empty when nothing was logged
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    /** Detaches the capture and restores the logger's level; idempotent. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        if (raiseLevel) {
            logger.setLevel(previousLevel);
        }
    }
}
