package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierSettingsTest {

    @TempDir
    Path directory;

    @Test
    void defaults() {
        VerifierSettings settings = VerifierSettings.builder().build();
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isEqualTo(VerifierSettings.DEFAULT_PORT).isEqualTo(6379);
        assertThat(settings.tls()).isTrue();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.expiryWarning()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.expectation()).isEqualTo(TokenExpectation.ENFORCED);
        assertThat(settings.tokens().fetch().isEmpty()).isTrue();
        assertThat(settings.expectedServerName()).isEqualTo("localhost");
    }

    @Test
    void toBuilderKeepsEverything() {
        VerifierSettings settings = VerifierSettings.builder().host("h.example.com").port(6380).sniName("sni.example.com")
                .timeout(Duration.ofMillis(500)).build();
        VerifierSettings copy = settings.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(settings.toString());
        assertThat(copy.expectedServerName()).isEqualTo("sni.example.com");
    }

    @Test
    void insecureWithCaFileIsRejected() throws Exception {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "x");
        assertThatThrownBy(() -> VerifierSettings.builder().insecure(true).caCertificate(ca).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("insecure=true")
                .hasMessageContaining("caCertificate=" + ca)
                .hasMessageContaining("choose one");
    }

    @Test
    void tlsOptionsNeedTls() {
        assertThatThrownBy(() -> VerifierSettings.builder().tls(false).insecure(true).build())
                .hasMessage("insecure=true needs tls=true: it only applies to TLS connections");
        assertThatThrownBy(() -> VerifierSettings.builder().tls(false).sniName("a.example.com").build())
                .hasMessageContaining("sniName=a.example.com needs tls=true");
    }

    @Test
    void deadlineDefaultsToThreeTimeoutsAndMustCoverOneTimeout() {
        assertThat(VerifierSettings.builder().build().deadline()).isEqualTo(VerifierSettings.DEFAULT_DEADLINE)
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(VerifierSettings.builder().timeout(Duration.ofSeconds(2)).build().deadline()).isEqualTo(Duration.ofSeconds(6));
        assertThat(VerifierSettings.builder().deadline(Duration.ofSeconds(30)).build().deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> VerifierSettings.builder().timeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(2)).build())
                .hasMessage("deadline=PT2S is out of range for timeout=PT3S: the overall deadline must be at least the timeout "
                        + "of one step and at most PT1H");
        assertThatThrownBy(() -> VerifierSettings.builder().deadline(Duration.ofHours(2)).build())
                .hasMessageStartingWith("deadline=PT2H is out of range for timeout=PT3S");
    }

    @Test
    void portTimeoutAndHostAreChecked() {
        assertThatThrownBy(() -> VerifierSettings.builder().port(0).build())
                .hasMessage("port=0 is out of range: a TCP port is 1 to 65535");
        assertThatThrownBy(() -> VerifierSettings.builder().port(65536).build()).hasMessageContaining("port=65536");
        assertThatThrownBy(() -> VerifierSettings.builder().timeout(Duration.ZERO).build())
                .hasMessageContaining("timeout=PT0S is out of range");
        assertThatThrownBy(() -> VerifierSettings.builder().timeout(Duration.ofHours(1)).build())
                .hasMessageContaining("timeout=PT1H");
        assertThatThrownBy(() -> VerifierSettings.builder().host(" ").build()).hasMessageContaining("host=' ' is blank");
        assertThatThrownBy(() -> VerifierSettings.builder().expiryWarning(Duration.ofDays(-1)).build())
                .hasMessageContaining("expiryWarning=PT-24H is negative");
    }

    @Test
    void caFileMustBeReadable() {
        Path missing = directory.resolve("missing.pem");
        assertThatThrownBy(() -> VerifierSettings.builder().caCertificate(missing).build())
                .hasMessage("caCertificate=" + missing + " is not a readable file: give a PEM file of CA certificates");
    }

    @Test
    void sniMustBeADnsName() {
        assertThatThrownBy(() -> VerifierSettings.builder().sniName("10.0.0.1").build())
                .hasMessageContaining("sniName=10.0.0.1 is not a DNS host name");
        assertThatThrownBy(() -> VerifierSettings.builder().sniName("bad name").build())
                .hasMessageContaining("sniName=bad name");
    }

    @Test
    void rotateAndSetNeedTwoTokens() {
        TokenSet one = TokenSet.of(AuthToken.of("only", "SENTINEL-verify-token-7"));
        assertThatThrownBy(() -> VerifierSettings.builder().tokens(one).expectation(TokenExpectation.SET).build())
                .hasMessageStartingWith("expectation=SET needs at least 2 tokens, got 1")
                .hasMessageNotContaining("SENTINEL");
        assertThatThrownBy(() -> VerifierSettings.builder().tokens(one).expectation(TokenExpectation.ROTATE).build())
                .hasMessageStartingWith("expectation=ROTATE needs at least 2 tokens");
        TokenSet two = TokenSet.of(AuthToken.of("new", "SENTINEL-verify-token-7"), AuthToken.of("old", "another-token-0000"));
        assertThat(VerifierSettings.builder().tokens(two).expectation(TokenExpectation.SET).build().toString())
                .contains("new#").doesNotContain("SENTINEL");
    }
}
