package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTest {

    @Test
    void units() {
        assertThat(DurationParser.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationParser.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationParser.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsMissingUnitZeroAndGarbage() {
        assertThatThrownBy(() -> DurationParser.parse("3")).hasMessage("invalid duration '3': use a number with a unit, e.g. 500ms, 3s, 1m");
        assertThatThrownBy(() -> DurationParser.parse("0s")).hasMessage("invalid duration '0s': it must be more than 0");
        assertThatThrownBy(() -> DurationParser.parse("-1s")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> DurationParser.parse("PTxS")).isInstanceOf(ConfigurationException.class);
    }
}
