package io.github.redisauth.cli.internal;

import io.github.redisauth.CheckResult;
import io.github.redisauth.VerificationReport;
import java.util.Locale;

/**
 * Writes a {@link VerificationReport} for people: one line per check (status, id, time, detail),
 * then controls and the result. ANSI colour only when asked. Stateless and thread-safe.
 */
public final class HumanReport {

    private static final String RESET = "\u001b[0m";

    private HumanReport() {
    }

    /**
     * @param report the report
     * @param colour whether to colour statuses with ANSI escapes
     * @return the text, ending with a newline
     */
    public static String toText(VerificationReport report, boolean colour) {
        StringBuilder text = new StringBuilder(1024);
        text.append("redis-auth verify ").append(report.host()).append(':').append(report.port())
                .append(report.tls() ? " (TLS)" : " (plaintext)").append('\n');
        for (CheckResult check : report.checks()) {
            text.append(status(check.status().name(), colour)).append(' ')
                    .append(String.format(Locale.ROOT, "%-22s %6d ms  ", check.id(), check.millis()))
                    .append(printable(check.detail())).append('\n');
        }
        report.controls().forEach((control, verdict) -> text.append(control).append(": ").append(verdict)
                .append(report.serverVersion().map(version -> " (redis_version " + printable(version) + ")").orElse("")).append('\n'));
        text.append("result: ").append(status(report.result().name(), colour).trim()).append('\n');
        return text.toString();
    }

    /**
     * Belt and braces (the verifier already cleans its details): no control character of a detail
     * reaches the terminal, where an escape sequence could rewrite the screen.
     */
    static String printable(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029 ? '?' : c));
        return clean.toString();
    }

    private static String status(String status, boolean colour) {
        String padded = String.format(Locale.ROOT, "%-4s", status);
        if (!colour) {
            return padded;
        }
        String code = switch (status) {
            case "PASS" -> "\u001b[32m";
            case "FAIL" -> "\u001b[1;31m";
            case "WARN" -> "\u001b[33m";
            default -> "\u001b[2m";
        };
        return code + padded + RESET;
    }
}
