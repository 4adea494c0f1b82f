package io.github.redisauth.cli.internal;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --debug} and {@code --help}, shared by {@code verify} and {@code watch} (a picocli {@code @Mixin}).
 * The error handler of {@code RedisAuthCommand} finds {@code --debug} by name to print stack traces.
 */
public final class StandardOptions {

    @Option(names = "--debug", descriptionKey = "debug", description = "Log every step on stderr; print stack traces of errors.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, descriptionKey = "help", description = "Show this help and exit.")
    boolean help;

    /** Creates the options; picocli fills them. */
    public StandardOptions() {
    }

    /**
     * With {@code --debug}: logs every step of redis-auth at DEBUG on stderr, and log lines of any logger
     * carry their stack traces; without it, an exception in a log line is one line (its class and message).
     */
    public void applyLogLevel() {
        OneLineThrowableConverter.showStackTraces(debug);
        if (debug) {
            // Only our own loggers: the AWS SDK's HTTP wire log at DEBUG prints response bodies, secrets included.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.github.redisauth")).setLevel(Level.DEBUG);
        }
    }
}
