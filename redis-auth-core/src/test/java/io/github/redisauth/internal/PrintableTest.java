package io.github.redisauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersAreReplaced() {
        assertThat(Printable.of("-ERR \u001b[31mred\u0007\r\n\u202e")).isEqualTo("-ERR ?[31mred????");
    }

    @Test
    void longTextIsCutWithItsLengthSaid() {
        assertThat(Printable.excerpt("x".repeat(60_000), 200)).isEqualTo("x".repeat(200) + "... (60000 characters, first 200 shown)");
        assertThat(Printable.excerpt("short\u001b", 200)).isEqualTo("short?");
    }
}
