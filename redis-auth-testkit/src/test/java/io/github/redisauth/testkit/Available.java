package io.github.redisauth.testkit;

import org.junit.jupiter.api.Assumptions;

/** Skips a test (with the reason on stderr and in the report) when a version is unavailable. */
final class Available {

    static final String TOKEN = "sentinel-Token-16chars";
    static final String TOKEN_2 = "sentinel-Token2-16chars";

    private Available() {
    }

    static void assume(RedisVersion version) {
        version.unavailableReason().ifPresent(reason -> {
            System.err.println("[redis-auth-testkit] SKIPPED for " + version + ": " + reason);
            Assumptions.assumeTrue(false, reason);
        });
    }
}
