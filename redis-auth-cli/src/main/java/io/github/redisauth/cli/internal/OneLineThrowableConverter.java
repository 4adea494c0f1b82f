package io.github.redisauth.cli.internal;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.List;

/**
 * The CLI's throwable converter ({@code %oneLineEx} in {@code logback.xml}): whatever logger logs an
 * exception (ours, Lettuce's, Netty's, the AWS SDK's), the line shows it as
 * {@code  [ExceptionClass: message; caused by ...]} on the same line, never a stack trace, unless
 * {@code --debug} asked for them. Control characters of messages are replaced.
 */
public final class OneLineThrowableConverter extends ThrowableHandlingConverter {

    private static volatile boolean stackTraces;

    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    /** Created by logback. */
    public OneLineThrowableConverter() {
    }

    /**
     * @param show true (with {@code --debug}) to print full stack traces after log lines
     */
    public static void showStackTraces(boolean show) {
        stackTraces = show;
    }

    @Override
    public void start() {
        full.setContext(getContext());
        full.setOptionList(List.of("full"));
        full.start();
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            return "";
        }
        if (stackTraces) {
            return System.lineSeparator() + full.convert(event).stripTrailing();
        }
        StringBuilder line = new StringBuilder(" [");
        int depth = 0;
        for (IThrowableProxy t = throwable; t != null && depth < 4; t = t.getCause(), depth++) {
            if (depth > 0) {
                line.append("; caused by ");
            }
            String name = t.getClassName();
            line.append(name.substring(name.lastIndexOf('.') + 1));
            if (t.getMessage() != null) {
                line.append(": ").append(HumanReport.printable(t.getMessage()));
            }
        }
        if (line.length() > 500) {
            line.setLength(500);
            line.append("...");
        }
        return line.append("; --debug for the stack trace]").toString();
    }
}
