package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthToken;
import java.security.SecureRandom;
import java.util.Arrays;

/** Random ElastiCache-valid AUTH tokens for the demo: 32 letters, digits and {@code ! & # $ ^ < > -}. */
public final class DemoTokens {

    /** Length of a demo token (ElastiCache accepts 16 to 128). */
    public static final int LENGTH = 32;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!&#$^<>-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoTokens() {
    }

    /**
     * @param label the token's label, e.g. {@code T1}
     * @return a new random token, never printed (only its label and fingerprint)
     */
    public static AuthToken random(String label) {
        char[] value = new char[LENGTH];
        for (int i = 0; i < value.length; i++) {
            value[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        AuthToken token = AuthToken.of(label, value);
        Arrays.fill(value, '\0');
        return token;
    }
}
