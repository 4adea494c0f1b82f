package io.github.redisauth.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as users type them: {@code 500ms}, {@code 3s}, {@code 1m}, {@code 1h}, or
 * ISO-8601 ({@code PT3S}). A unit is required. Stateless and thread-safe.
 */
public final class DurationParser {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private DurationParser() {
    }

    /**
     * @param text e.g. {@code 3s}
     * @return the duration, more than zero
     * @throws ConfigurationException when the text is not a positive duration with a unit
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE.matcher(trimmed);
        Duration duration;
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            duration = switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else if (trimmed.startsWith("pt")) {
            try {
                duration = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else {
            throw invalid(text);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ConfigurationException("invalid duration '" + text + "': it must be more than 0");
        }
        return duration;
    }

    private static ConfigurationException invalid(String text) {
        return new ConfigurationException("invalid duration '" + text + "': use a number with a unit, e.g. 500ms, 3s, 1m");
    }
}
