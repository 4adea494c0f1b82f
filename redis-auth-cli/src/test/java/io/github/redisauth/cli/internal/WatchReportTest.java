package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSources;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchReportTest {

    @Test
    void jsonHasTheAgreedFields() {
        WatchReport report = new WatchReport("lettuce");
        report.sample(new WatchSample(100, 0, 0, 0, 0, "AWSCURRENT#11111111", ""));
        report.sample(new WatchSample(250, 1, 1, 2, 1, "AWSPENDING#22222222", "NOAUTH"));
        assertThat(report.json()).isEqualTo("{\"client\":\"lettuce\",\"ops\":250,\"failures\":1,\"authFailures\":1,"
                + "\"reconnects\":2,\"fallbacks\":1,\"tokenLabels\":{\"AWSCURRENT#11111111\":1,\"AWSPENDING#22222222\":1}}");
        assertThat(report.line()).startsWith("ops=250 (+150) failures=1").contains("token=AWSPENDING#22222222", "NOAUTH");
        assertThat(report.summary()).contains("FAILED commands");
        assertThat(report.failures()).isEqualTo(1);
    }

    @Test
    void aSecondWhoseFailuresWereRejectionsOfEveryTokenSaysSo() {
        WatchReport report = new WatchReport("jedis");
        report.sample(new WatchSample(0, 3, 3, 0, 0, "env:T#11111111", "TokensRejectedException: Redis at h:1 rejected every AUTH token", 3));
        assertThat(report.line()).as("line").contains("every token rejected: TokensRejectedException: Redis at h:1 rejected every AUTH token");
        report.sample(new WatchSample(0, 3, 3, 0, 0, "env:T#11111111", "TokensRejectedException: Redis at h:1 rejected every AUTH token", 3));
        assertThat(report.line()).as("a second without new failures, nothing succeeded").contains("every token rejected");
        assertThat(report.summary()).as("summary").endsWith("-> FAILED commands, every token rejected: "
                + "TokensRejectedException: Redis at h:1 rejected every AUTH token");
        report.sample(new WatchSample(10, 3, 3, 0, 0, "env:U#22222222", "TokensRejectedException: Redis at h:1 rejected every AUTH token", 3));
        assertThat(report.line()).as("commands succeed again").doesNotContain("every token rejected");
    }

    @Test
    void combinedSourceKeepsOrderDropsDuplicatesAndKeepsThree() {
        AuthToken a = AuthToken.of("a", "token-a-0123456789");
        AuthToken b = AuthToken.of("b", "token-b-0123456789");
        AuthToken c = AuthToken.of("c", "token-c-0123456789");
        AuthToken d = AuthToken.of("d", "token-d-0123456789");
        try (CombinedTokenSource source = new CombinedTokenSource(List.of(TokenSources.fixed(a, b),
                TokenSources.fixed(b, c, d)))) {
            TokenSet set = source.fetch();
            assertThat(set.candidates()).extracting(AuthToken::label).containsExactly("a", "b", "c");
            assertThat(source.refresh()).isEqualTo(set);
        }
    }
}
