package io.github.redisauth.cli.internal;

import io.github.redisauth.CheckResult;
import io.github.redisauth.CheckStatus;
import io.github.redisauth.VerificationReport;
import java.util.Locale;

/**
 * Writes a {@link VerificationReport} as JUnit XML: one testsuite {@value #SUITE}, one testcase per
 * check (named by its id, plus the token label for {@code auth-token}); FAIL as {@code <failure>},
 * SKIP as {@code <skipped/>}, the detail in {@code <system-out>}. Stateless and thread-safe.
 */
public final class JunitReport {

    /** The testsuite name. */
    public static final String SUITE = "redis-auth verify";

    private JunitReport() {
    }

    /**
     * @param report the report
     * @return the XML document
     */
    public static String toXml(VerificationReport report) {
        long failures = report.checks().stream().filter(c -> c.status() == CheckStatus.FAIL).count();
        long skipped = report.checks().stream().filter(c -> c.status() == CheckStatus.SKIP).count();
        long millis = report.checks().stream().mapToLong(CheckResult::millis).sum();
        StringBuilder xml = new StringBuilder(1024).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"").append(SUITE).append("\" tests=\"").append(report.checks().size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(seconds(millis)).append("\">\n");
        xml.append("  <properties>\n")
                .append("    <property name=\"target\" value=\"").append(escape(report.host() + ":" + report.port())).append("\"/>\n")
                .append("    <property name=\"tls\" value=\"").append(report.tls()).append("\"/>\n")
                .append("    <property name=\"server.version\" value=\"").append(escape(report.serverVersion().orElse("unknown"))).append("\"/>\n");
        report.controls().forEach((control, verdict) -> xml.append("    <property name=\"").append(escape(control))
                .append("\" value=\"").append(verdict).append("\"/>\n"));
        xml.append("  </properties>\n");
        for (CheckResult check : report.checks()) {
            String name = check.id() + check.subject().map(subject -> " " + subject).orElse("");
            xml.append("  <testcase name=\"").append(escape(name)).append("\" classname=\"redis-auth.verify\" time=\"")
                    .append(seconds(check.millis())).append("\">\n");
            if (check.status() == CheckStatus.FAIL) {
                xml.append("    <failure message=\"").append(escape(check.detail())).append("\" type=\"FAIL\">")
                        .append(escape(check.detail())).append("</failure>\n");
            } else if (check.status() == CheckStatus.SKIP) {
                xml.append("    <skipped message=\"").append(escape(check.detail())).append("\"/>\n");
            }
            xml.append("    <system-out>").append(escape(check.status() + ": " + check.detail())).append("</system-out>\n");
            xml.append("  </testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    /**
     * Escapes text for XML 1.0 attributes and content; characters XML 1.0 cannot hold become U+FFFD.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
