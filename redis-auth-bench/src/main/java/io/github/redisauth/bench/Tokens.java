package io.github.redisauth.bench;

import java.security.SecureRandom;

/** Random tokens that follow ElastiCache's rules (32 letters and digits). */
final class Tokens {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String random() {
        StringBuilder token = new StringBuilder("bench");
        while (token.length() < 32) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }
}
