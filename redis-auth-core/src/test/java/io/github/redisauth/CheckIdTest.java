package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckIdTest {

    @Test
    void idsAreTheContractInOrder() {
        assertThat(Arrays.stream(CheckId.values()).map(CheckId::id)).containsExactly("token-rules", "tcp-connect", "tls-handshake",
                "tls-hostname", "tls-certificate-expiry", "auth-required", "auth-token", "wrong-token-rejected", "ping",
                "server-version");
    }

    @Test
    void reportResultFailsOnlyOnFail() {
        VerificationReport passing = new VerificationReport("h", 1, true, "7.0.15", List.of(
                CheckResult.of(CheckId.TCP_CONNECT, CheckStatus.PASS, "ok", 1),
                CheckResult.of(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.WARN, "soon", 0),
                CheckResult.of(CheckId.PING, CheckStatus.SKIP, "why", 0)), Map.of(VerificationReport.ELASTICACHE_6, ControlVerdict.NOT_APPLICABLE));
        assertThat(passing.result()).isEqualTo(CheckStatus.PASS);
        VerificationReport failing = new VerificationReport("h", 1, true, null, List.of(
                CheckResult.about(CheckId.AUTH_TOKEN, "env:X#00000000", CheckStatus.FAIL, "rejected", 2)), Map.of());
        assertThat(failing.passed()).isFalse();
        assertThat(failing.toString()).contains("auth-token [env:X#00000000]").contains("result: FAIL");
    }
}
