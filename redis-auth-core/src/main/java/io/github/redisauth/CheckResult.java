package io.github.redisauth;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of one verifier check: its {@link CheckId}, status, a human detail and how long it took.
 * For {@link CheckId#AUTH_TOKEN} the {@linkplain #subject() subject} names the token checked
 * (label and fingerprint, never the value).
 *
 * <p>Immutable and thread-safe; details never contain a token value.
 */
public final class CheckResult {

    private final CheckId check;
    private final CheckStatus status;
    private final String detail;
    private final long millis;
    private final String subject;

    private CheckResult(CheckId check, CheckStatus status, String detail, long millis, String subject) {
        this.check = Objects.requireNonNull(check, "check");
        this.status = Objects.requireNonNull(status, "status");
        this.detail = Objects.requireNonNull(detail, "detail");
        if (millis < 0) {
            throw new IllegalArgumentException("millis must be >= 0, got " + millis);
        }
        this.millis = millis;
        this.subject = subject;
    }

    /**
     * Creates a result.
     *
     * @param check the check
     * @param status its status
     * @param detail what was found, in words; never a token value
     * @param millis how long the check took, &gt;= 0
     * @return the result
     * @throws NullPointerException if an object argument is null
     * @throws IllegalArgumentException if millis is negative
     */
    public static CheckResult of(CheckId check, CheckStatus status, String detail, long millis) {
        return new CheckResult(check, status, detail, millis, null);
    }

    /**
     * Creates a result about one subject, e.g. a token's {@code label#fingerprint}.
     *
     * @param check the check
     * @param subject what the check was about; never a token value
     * @param status its status
     * @param detail what was found; never a token value
     * @param millis how long the check took, &gt;= 0
     * @return the result
     * @throws NullPointerException if an object argument is null
     * @throws IllegalArgumentException if millis is negative
     */
    public static CheckResult about(CheckId check, String subject, CheckStatus status, String detail, long millis) {
        return new CheckResult(check, status, detail, millis, Objects.requireNonNull(subject, "subject"));
    }

    /** @return the check */
    public CheckId check() {
        return check;
    }

    /** @return the stable id of the check, e.g. {@code auth-token} */
    public String id() {
        return check.id();
    }

    /** @return the status */
    public CheckStatus status() {
        return status;
    }

    /** @return what was found, in words */
    public String detail() {
        return detail;
    }

    /** @return how long the check took, in milliseconds */
    public long millis() {
        return millis;
    }

    /** @return the subject (for {@code auth-token}: {@code label#fingerprint}), or empty */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** @return e.g. {@code PASS auth-token [env:X#3f9a0c1e] (4 ms): accepted} */
    @Override
    public String toString() {
        return status + " " + check.id() + (subject == null ? "" : " [" + subject + "]") + " (" + millis + " ms): " + detail;
    }
}
