package io.github.redisauth.jedis;

/** The rules {@link JedisAuthConfig.Builder#build()} enforces; messages name setting, value and rule. */
final class ConfigValidation {

    private ConfigValidation() {
    }

    @SuppressWarnings("deprecation") // getSslSocketFactory()
    static void validate(JedisAuthConfig.Builder b) {
        if (b.tokenSourceValue() == null) {
            fail("tokenSource=null: a token source is required (TokenSources.fixed/environment/file or Secrets Manager)");
        }
        if (b.endpoint() == null && b.clusterNodesSet().isEmpty()) {
            fail("endpoint=null and clusterNodes=[]: set endpoint(host, port) or at least one clusterNode(host, port)");
        }
        if (!b.tlsValue() && !b.allowPlaintextTokenValue()) {
            fail("tls=false with allowPlaintextToken=false: a token is never sent over plaintext unless "
                    + "allowPlaintextToken(true) is set (ElastiCache accepts AUTH tokens only over TLS)");
        }
        if (!b.tlsValue() && b.sslContextValue() != null) {
            fail("sslContext is set but tls=false: an SSLContext is only used with tls(true)");
        }
        var base = b.clientConfigValue();
        if (JedisAuthConfig.hasPassword(base)) {
            fail("clientConfig carries a user or password: tokens come from tokenSource only; remove them from clientConfig");
        }
        if (base.getAuthXManager() != null) {
            fail("clientConfig.authXManager is set: it would replace the tokens of tokenSource; remove it");
        }
        if (base.isSsl() || base.getSslOptions() != null || base.getSslSocketFactory() != null) {
            fail("clientConfig enables TLS itself (ssl/sslOptions/sslSocketFactory): set TLS with tls(..) and sslContext(..)");
        }
        if (b.demotionPeriodValue().isNegative() || b.demotionPeriodValue().isZero()) {
            fail("demotionPeriod=" + b.demotionPeriodValue() + ": must be positive");
        }
        if (b.rejectedRetryIntervalValue().isNegative()) {
            fail("rejectedRetryInterval=" + b.rejectedRetryIntervalValue() + ": must be zero (always try again) or positive");
        }
        if (b.retryMaxAttemptsValue() < 1) {
            fail("retryMaxAttempts=" + b.retryMaxAttemptsValue() + ": must be at least 1");
        }
        if (b.retryWaitValue().isNegative()) {
            fail("retryWait=" + b.retryWaitValue() + ": must not be negative");
        }
        if (b.clusterMaxAttemptsValue() < 1) {
            fail("clusterMaxAttempts=" + b.clusterMaxAttemptsValue() + ": must be at least 1");
        }
        if (b.validateAfterIdleValue().isNegative()) {
            fail("validateAfterIdle=" + b.validateAfterIdleValue() + ": must be zero (PING on every borrow) or positive");
        }
        var refresh = b.clusterTopologyRefreshPeriodValue();
        if (refresh != null && (refresh.isNegative() || refresh.isZero())) {
            fail("clusterTopologyRefreshPeriod=" + refresh + ": must be positive, or null for none");
        }
    }

    private static void fail(String message) {
        throw new IllegalArgumentException(message);
    }
}
