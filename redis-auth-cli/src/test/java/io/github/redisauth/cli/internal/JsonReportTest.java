package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.CheckId;
import io.github.redisauth.CheckResult;
import io.github.redisauth.CheckStatus;
import io.github.redisauth.ControlVerdict;
import io.github.redisauth.VerificationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void escapesQuotesBackslashesControlsAndNonAscii() {
        assertThat(JsonReport.string("a\"b\\c\nd\te\u0001f\u00e9\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u00e9\\u2028\"");
        assertThat(JsonReport.string("")).isEqualTo("\"\"");
        assertThat(JsonReport.string("</script> &")).isEqualTo("\"</script> &\"");
    }

    @Test
    void shape() {
        VerificationReport report = new VerificationReport("h\"x", 6380, true, null, List.of(
                CheckResult.of(CheckId.TCP_CONNECT, CheckStatus.PASS, "connected", 3),
                CheckResult.about(CheckId.AUTH_TOKEN, "env:T#12345678", CheckStatus.FAIL, "env:T#12345678 rejected", 4)),
                Map.of(VerificationReport.ELASTICACHE_6, ControlVerdict.UNKNOWN));
        assertThat(JsonReport.toJson(report)).isEqualTo("{\"target\":{\"host\":\"h\\\"x\",\"port\":6380,\"tls\":true},"
                + "\"server\":{\"version\":null},\"checks\":[{\"id\":\"tcp-connect\",\"status\":\"PASS\",\"detail\":\"connected\","
                + "\"millis\":3},{\"id\":\"auth-token\",\"status\":\"FAIL\",\"detail\":\"env:T#12345678 rejected\",\"millis\":4}],"
                + "\"controls\":{\"ElastiCache.6\":\"UNKNOWN\"},\"result\":\"FAIL\"}");
    }
}
