package io.github.redisauth.jedis;

import io.github.redisauth.AuthToken;
import java.security.SecureRandom;

/** Test tokens: every value starts with {@link #SENTINEL_PREFIX}, which must never show in logs or errors. */
final class TestTokens {

    static final String SENTINEL_PREFIX = "Sntl7q";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestTokens() {
    }

    static String value() {
        StringBuilder value = new StringBuilder(SENTINEL_PREFIX);
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        for (int i = 0; i < 26; i++) {
            value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return value.toString();
    }

    static AuthToken token(String label, String value) {
        return AuthToken.of(label, value);
    }
}
