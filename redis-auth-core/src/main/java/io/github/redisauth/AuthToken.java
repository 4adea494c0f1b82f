package io.github.redisauth;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * A Redis AUTH token: a secret value with a label that says where it came from
 * ({@code AWSCURRENT}, {@code env:REDIS_AUTH_TOKEN}, {@code file:/run/secrets/redis#1}, ...).
 *
 * <p>The value is held as a private {@code char[]}; every accessor returns a copy. {@link #toString()}
 * prints the label and the {@linkplain #fingerprint() fingerprint}, never the value or its length,
 * so a token may safely be logged or put in an exception message.
 *
 * <p>Two tokens are {@linkplain #equals(Object) equal} when their values are equal, whatever their
 * labels: the same secret read from two places is one candidate.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AuthToken {

    /** Length of the hexadecimal {@linkplain #fingerprint() fingerprint}. */
    public static final int FINGERPRINT_LENGTH = 8;

    private static final String FINGERPRINT_DOMAIN = "redis-auth fingerprint v1\0";

    private final String label;
    private final char[] value;
    private final byte[] digest;

    private AuthToken(String label, char[] value) {
        this.label = label;
        this.value = value;
        this.digest = sha256(value);
    }

    /**
     * Creates a token from a copy of {@code value}; the caller may wipe its array afterwards.
     *
     * @param label where the token comes from; shown in logs and errors; not blank
     * @param value the secret; not empty
     * @return the token
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the label is blank or the value is empty
     *     (the message never contains the value)
     */
    public static AuthToken of(String label, char[] value) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        if (label.isBlank()) {
            throw new IllegalArgumentException("AuthToken label must not be blank");
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("AuthToken '" + label + "' is empty: a token needs at least one character");
        }
        return new AuthToken(label, value.clone());
    }

    /**
     * Creates a token from a character sequence (a {@code String}, for example).
     *
     * @param label where the token comes from; shown in logs and errors; not blank
     * @param value the secret; not empty
     * @return the token
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the label is blank or the value is empty
     */
    public static AuthToken of(String label, CharSequence value) {
        Objects.requireNonNull(value, "value");
        char[] chars = new char[value.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = value.charAt(i);
        }
        try {
            return of(label, chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** @return where this token came from, e.g. {@code AWSCURRENT}; never null */
    public String label() {
        return label;
    }

    /**
     * A short, non-reversible fingerprint for logs: the first {@value #FINGERPRINT_LENGTH} hex digits
     * of a domain-separated SHA-256 of the value. Equal values give equal fingerprints in every
     * process, so operators can tell from logs which token a host used without seeing it.
     *
     * @return e.g. {@code 3f9a0c1e}
     */
    public String fingerprint() {
        return HexFormat.of().formatHex(digest, 0, FINGERPRINT_LENGTH / 2);
    }

    /**
     * A copy of the secret value. The caller owns the array and should wipe it after use.
     *
     * @return a new array holding the value
     */
    public char[] value() {
        return value.clone();
    }

    /**
     * The secret value as a {@code String}, for client APIs that take nothing else (Jedis).
     * Strings cannot be wiped; prefer {@link #value()} where the API accepts {@code char[]}.
     *
     * @return the value
     */
    public String valueAsString() {
        return new String(value);
    }

    /**
     * Checks the value against ElastiCache's AUTH token rules: 16 to 128 printable ASCII characters,
     * and no non-alphanumeric characters other than {@code ! & # $ ^ < > -}.
     *
     * @return the rules broken; empty when the token is acceptable to ElastiCache
     */
    public Set<TokenRule> violations() {
        Set<TokenRule> broken = EnumSet.noneOf(TokenRule.class);
        for (TokenRule rule : TokenRule.values()) {
            if (!rule.isSatisfiedBy(value)) {
                broken.add(rule);
            }
        }
        return broken;
    }

    /** @return true when {@link #violations()} is empty */
    public boolean isElastiCacheCompliant() {
        return violations().isEmpty();
    }

    /**
     * Returns a token with the same value and another label.
     *
     * @param newLabel the label; not blank
     * @return a new token
     */
    public AuthToken withLabel(String newLabel) {
        return of(newLabel, value);
    }

    /** Values compared in constant time; labels are ignored. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AuthToken token && MessageDigest.isEqual(digest, token.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** @return {@code AuthToken[label=..., fingerprint=...]}: never the value or its length */
    @Override
    public String toString() {
        return "AuthToken[label=" + label + ", fingerprint=" + fingerprint() + "]";
    }

    private static byte[] sha256(char[] value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FINGERPRINT_DOMAIN.getBytes(StandardCharsets.US_ASCII));
            var bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
            sha.update(bytes.duplicate());
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
