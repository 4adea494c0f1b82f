package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.testkit.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourcesTest {

    private static final String SENTINEL = "SENTINEL-source-value-99";

    @TempDir
    Path dir;

    @Test
    void fixedReturnsTheTokensInOrder() {
        AuthToken a = AuthToken.of("a", "aaaaaaaaaaaaaaaa");
        AuthToken b = AuthToken.of("b", "bbbbbbbbbbbbbbbb");
        assertThat(TokenSources.fixed(a, b).fetch().candidates()).containsExactly(a, b);
    }

    @Test
    void environmentReadsTheVariableAndItsPrevious() {
        TokenSource source = TokenSources.environment("REDIS_AUTH_TOKEN",
                Map.of("REDIS_AUTH_TOKEN", "new-token-0000000001", "REDIS_AUTH_TOKEN_PREVIOUS", "old-token-0000000001")::get);
        TokenSet set = source.fetch();
        assertThat(set.candidates()).extracting(AuthToken::label)
                .containsExactly("env:REDIS_AUTH_TOKEN", "env:REDIS_AUTH_TOKEN_PREVIOUS");
        assertThat(set.candidates().get(0).valueAsString()).isEqualTo("new-token-0000000001");
        assertThat(source.description()).isEqualTo("env:REDIS_AUTH_TOKEN");
    }

    @Test
    void environmentWithoutPreviousHasOneCandidate() {
        TokenSource source = TokenSources.environment("T", Map.of("T", "only-token-00000001", "T_PREVIOUS", "")::get);
        assertThat(source.fetch().size()).isEqualTo(1);
    }

    @Test
    void anUnsetVariableIsAClearError() {
        assertThatThrownBy(() -> TokenSources.environment("MISSING_VAR", name -> null).fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("environment variable MISSING_VAR is not set: export it with the Redis AUTH token");
    }

    @Test
    void anEmptyVariableIsAClearError() {
        assertThatThrownBy(() -> TokenSources.environment("EMPTY_VAR", name -> "").fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("environment variable EMPTY_VAR is empty: it must hold the Redis AUTH token");
    }

    @Test
    void fileReadsOneTokenALineFirstPreferredStrippingCrLf() throws IOException {
        Path file = write("first-token-00000001\r\nsecond-token-0000002\r\n\r\n");
        TokenSet set = TokenSources.file(file).fetch();
        assertThat(set.candidates()).extracting(AuthToken::valueAsString)
                .containsExactly("first-token-00000001", "second-token-0000002");
        assertThat(set.candidates()).extracting(AuthToken::label).containsExactly("file:" + file + "#1", "file:" + file + "#2");
    }

    @Test
    void fileIsReloadedWhenItChanges() throws IOException {
        Path file = write("first-token-00000001\n");
        TokenSource source = TokenSources.file(file);
        assertThat(source.fetch().preferred().orElseThrow().valueAsString()).isEqualTo("first-token-00000001");

        Files.writeString(file, "rotated-token-000001\nfirst-token-00000001\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(source.fetch().candidates()).extracting(AuthToken::valueAsString)
                .containsExactly("rotated-token-000001", "first-token-00000001");
    }

    @Test
    void anUnchangedFileIsServedFromMemory() throws IOException {
        Path file = write("first-token-00000001\n");
        TokenSource source = TokenSources.file(file);
        assertThat(source.fetch()).isSameAs(source.fetch());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> TokenSources.file(missing).fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("token file " + missing + " does not exist");
    }

    @Test
    void anEmptyFileIsAClearError() throws IOException {
        Path file = write("\n\r\n");
        assertThatThrownBy(() -> TokenSources.file(file).fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("token file " + file + " holds no token: write one token per line, preferred first");
    }

    @Test
    void fourTokensInAFileAreAClearErrorWithoutValues() throws IOException {
        Path file = write(SENTINEL + "1\n" + SENTINEL + "2\n" + SENTINEL + "3\n" + SENTINEL + "4\n");
        assertThatThrownBy(() -> TokenSources.file(file).fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("token file " + file + " holds 4 tokens; at most 3 (current, pending, previous) are allowed")
                .hasNoCause();
    }

    @Test
    void aDirectoryIsNotATokenFile() {
        assertThatThrownBy(() -> TokenSources.file(dir).fetch())
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("token file " + dir + " is not a regular file");
    }

    @Test
    void sourcesNeverRevealValuesInToStringOrLogs() throws IOException {
        Path file = write(SENTINEL + "\n");
        try (LogCapture logs = LogCapture.allLevels("io.github.redisauth")) {
            TokenSource fileSource = TokenSources.file(file);
            TokenSet set = fileSource.fetch();
            TokenSource envSource = TokenSources.environment("V", Map.of("V", SENTINEL)::get);
            TokenSource fixed = TokenSources.fixed(AuthToken.of("fixed", SENTINEL));
            String everything = String.join("\n", fileSource.toString(), fileSource.description(), set.toString(),
                    envSource.toString(), envSource.fetch().toString(), fixed.toString(), fixed.description(), logs.text());
            assertThat(logs.size()).isPositive();
            assertThat(everything).doesNotContain(SENTINEL).doesNotContain("SENTINEL");
        }
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "tokens", ".txt");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
