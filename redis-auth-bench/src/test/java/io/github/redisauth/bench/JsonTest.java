package io.github.redisauth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedObjectsNumbersNullsAndEscapedStrings() {
        Map<String, Object> inner = Json.object();
        inner.put("ratio", 1.23456);
        inner.put("count", 3);
        inner.put("missing", null);
        inner.put("nan", Double.NaN);
        Map<String, Object> root = Json.object();
        root.put("a", inner);
        root.put("s", "q\"\\\n");
        assertThat(Json.write(root))
                .isEqualTo("{\"a\":{\"ratio\":1.235,\"count\":3,\"missing\":null,\"nan\":null},\"s\":\"q\\\"\\\\\\n\"}");
    }

    @Test
    void samplesUseNearestRankPercentiles() {
        Samples samples = new Samples();
        for (int i = 1; i <= 100; i++) {
            samples.add(i * 1_000_000L);
        }
        assertThat(samples.medianMs()).isEqualTo(50.0);
        assertThat(samples.percentileMs(99)).isEqualTo(99.0);
        assertThat(samples.percentileMs(100)).isEqualTo(100.0);
        assertThat(new Samples().medianMs()).isNaN();
    }
}
