package io.github.redisauth.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSourceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One token a line; re-read when the file's time, size or identity changes. */
public final class FileTokenSource implements TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileTokenSource.class);

    private final Path file;
    private Snapshot snapshot;

    public FileTokenSource(Path file) {
        this.file = file;
    }

    @Override
    public synchronized TokenSet fetch() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new TokenSourceException("token file " + file + " does not exist");
        } catch (IOException e) {
            throw new TokenSourceException("token file " + file + " cannot be read: " + e, e);
        }
        if (!attributes.isRegularFile()) {
            throw new TokenSourceException("token file " + file + " is not a regular file");
        }
        Snapshot current = snapshot;
        if (current != null && current.matches(attributes)) {
            return current.tokens;
        }
        TokenSet tokens = read();
        if (current == null || !current.tokens.equals(tokens)) {
            LOG.info("token file {} read: {}", file, tokens);
        }
        snapshot = new Snapshot(attributes, tokens);
        return tokens;
    }

    private TokenSet read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenSourceException("token file " + file + " cannot be read: " + e, e);
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new TokenSourceException("token file " + file + " is not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        List<AuthToken> tokens = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        int length = chars.limit();
        char[] content = new char[length];
        chars.get(content);
        try {
            while (start <= length) {
                int end = start;
                while (end < length && content[end] != '\n') {
                    end++;
                }
                lineNumber++;
                int stripped = end;
                while (stripped > start && content[stripped - 1] == '\r') {
                    stripped--;
                }
                if (stripped > start) {
                    char[] value = Arrays.copyOfRange(content, start, stripped);
                    tokens.add(AuthToken.of("file:" + file + "#" + lineNumber, value));
                    Arrays.fill(value, '\0');
                }
                start = end + 1;
            }
        } finally {
            Arrays.fill(content, '\0');
        }
        if (tokens.isEmpty()) {
            throw new TokenSourceException("token file " + file + " holds no token: write one token per line, preferred first");
        }
        try {
            return TokenSet.of(tokens);
        } catch (IllegalArgumentException e) {
            throw new TokenSourceException("token file " + file + " holds " + tokens.size()
                    + " tokens; at most " + TokenSet.MAX_CANDIDATES + " (current, pending, previous) are allowed");
        }
    }

    @Override
    public String description() {
        return "file:" + file;
    }

    @Override
    public String toString() {
        return "TokenSource[" + description() + "]";
    }

    private static final class Snapshot {
        final Object fileKey;
        final long modifiedNanos;
        final long size;
        final TokenSet tokens;

        Snapshot(BasicFileAttributes attributes, TokenSet tokens) {
            this.fileKey = attributes.fileKey();
            this.modifiedNanos = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            this.size = attributes.size();
            this.tokens = tokens;
        }

        boolean matches(BasicFileAttributes attributes) {
            return Objects.equals(fileKey, attributes.fileKey())
                    && modifiedNanos == attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
                    && size == attributes.size();
        }
    }
}
