package io.github.redisauth.cli.internal;

import io.github.redisauth.CheckResult;
import io.github.redisauth.VerificationReport;
import java.util.Map;

/**
 * Writes a {@link VerificationReport} as one JSON object:
 * {@code {"target":{"host","port","tls"},"server":{"version"},"checks":[{"id","status","detail","millis"}],
 * "controls":{"ElastiCache.6":...},"result":"PASS|FAIL"}}. Stateless and thread-safe.
 */
public final class JsonReport {

    private JsonReport() {
    }

    /**
     * @param report the report
     * @return the JSON object, on one line, without a trailing newline
     */
    public static String toJson(VerificationReport report) {
        StringBuilder json = new StringBuilder(512);
        json.append("{\"target\":{\"host\":").append(string(report.host()))
                .append(",\"port\":").append(report.port())
                .append(",\"tls\":").append(report.tls()).append('}');
        json.append(",\"server\":{\"version\":").append(report.serverVersion().map(JsonReport::string).orElse("null")).append('}');
        json.append(",\"checks\":[");
        boolean first = true;
        for (CheckResult check : report.checks()) {
            json.append(first ? "" : ",")
                    .append("{\"id\":").append(string(check.id()))
                    .append(",\"status\":").append(string(check.status().name()))
                    .append(",\"detail\":").append(string(check.detail()))
                    .append(",\"millis\":").append(check.millis()).append('}');
            first = false;
        }
        json.append("],\"controls\":{");
        first = true;
        for (Map.Entry<String, ?> control : report.controls().entrySet()) {
            json.append(first ? "" : ",").append(string(control.getKey())).append(':').append(string(control.getValue().toString()));
            first = false;
        }
        json.append("},\"result\":").append(string(report.result().name())).append('}');
        return json.toString();
    }

    /**
     * A JSON string literal (RFC 8259): quotes, backslash and control characters escaped; everything
     * outside printable ASCII as {@code \\uXXXX}, so the output is plain ASCII whatever the console encoding.
     *
     * @param text the text
     * @return the quoted literal
     */
    public static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
