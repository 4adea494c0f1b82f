package io.github.redisauth.testkit;

import io.github.redisauth.testkit.internal.Binaries;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Redis servers the testkit can start. Availability is probed once per JVM (the binary is
 * extracted and run with {@code --version}). Thread-safe.
 */
public enum RedisVersion {
    /** Redis 2.8.19 from {@code it.ozimov:embedded-redis} (linux x86-64). No TLS (a TLS front is used), no ACL. */
    V2_8(2),
    /** Redis 6.2.x (6.2.11) built with TLS, from {@code com.github.codemonstur:embedded-redis} (linux x86-64, libssl3). */
    V6_2(6),
    /** Redis 7.x: {@code redis-server} found on the PATH (Debian bookworm: 7.0.15, built with TLS). */
    V7(7);

    private final int major;

    RedisVersion(int major) {
        this.major = major;
    }

    /** {@return whether the server binary exists and runs on this machine} Never throws. */
    public boolean isAvailable() {
        return probe().available();
    }

    /** {@return why {@link #isAvailable()} is false, or empty when it is available} Never throws. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(probe().unavailableReason())
                .map(r -> "Redis " + label() + " unavailable: " + r);
    }

    /** {@return whether this version has ACLs (and so several passwords at once and {@code WRONGPASS}): Redis 6 and later} */
    public boolean supportsAcl() {
        return major >= 6;
    }

    /** {@return whether the server speaks TLS itself (6 and later); 2.8 gets a TLS front instead} */
    public boolean supportsNativeTls() {
        return major >= 6;
    }

    /** {@return the major version: 2, 6 or 7} */
    public int major() {
        return major;
    }

    /** {@return {@code "2.8"}, {@code "6.2"} or {@code "7.x"}} */
    public String label() {
        switch (this) {
            case V2_8:
                return "2.8";
            case V6_2:
                return "6.2";
            default:
                return "7.x";
        }
    }

    /**
     * The server binary.
     *
     * @throws IllegalStateException with {@link #unavailableReason()} when unavailable
     */
    Path binary() {
        Binaries.Probe p = probe();
        if (!p.available()) {
            throw new IllegalStateException(unavailableReason().orElse("unavailable"));
        }
        return p.binary();
    }

    private Binaries.Probe probe() {
        switch (this) {
            case V2_8:
                return Binaries.embedded(Binaries.RESOURCE_2_8, 2);
            case V6_2:
                return Binaries.embedded(Binaries.RESOURCE_6_2, 6);
            default:
                return Binaries.onPath(7);
        }
    }
}
