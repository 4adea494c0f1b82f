package io.github.redisauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificateNamesTest {

    @Test
    void wildcardMatchesExactlyOneLeftMostLabel() {
        assertThat(CertificateNames.dnsMatches("*.rg.abc123.euw1.cache.amazonaws.com", "master.rg.abc123.euw1.cache.amazonaws.com")).isTrue();
        assertThat(CertificateNames.dnsMatches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(CertificateNames.dnsMatches("*.example.com", "example.com")).isFalse();
        assertThat(CertificateNames.dnsMatches("*.com", "example.com")).isFalse();
        assertThat(CertificateNames.dnsMatches("localhost", "localhost")).isTrue();
        assertThat(CertificateNames.dnsMatches("other.example.com", "localhost")).isFalse();
    }
}
