package io.github.redisauth.aws.internal;

import io.github.redisauth.TokenSourceException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Turns a {@code GetSecretValue} answer into the token text: a plain SecretString, a JSON object
 * SecretString (one key holds the token), or a SecretBinary decoded as UTF-8 (plain or JSON).
 * Error messages name the secret, the stage and JSON keys, never a value.
 */
public final class SecretTextExtractor {

    /** Keys tried, in order, when no JSON key is configured. */
    public static final List<String> DEFAULT_JSON_KEYS = List.of("authToken", "auth_token", "password", "token");

    private final String secretId;
    private final String jsonKey;

    /**
     * @param secretId the secret, for error messages
     * @param jsonKey the JSON key holding the token, or null to try {@link #DEFAULT_JSON_KEYS}
     */
    public SecretTextExtractor(String secretId, String jsonKey) {
        this.secretId = secretId;
        this.jsonKey = jsonKey;
    }

    /**
     * @param response the answer for {@code stage}
     * @param stage the staging label asked for
     * @return the token text, stripped of surrounding whitespace
     * @throws TokenSourceException when the secret holds no usable token
     */
    public String extract(GetSecretValueResponse response, String stage) {
        String text;
        if (response.secretString() != null) {
            text = response.secretString();
        } else if (response.secretBinary() != null) {
            text = decodeUtf8(response.secretBinary().asByteArrayUnsafe(), stage);
        } else {
            throw fail(stage, "the version has neither SecretString nor SecretBinary");
        }
        String stripped = text.strip();
        // ElastiCache tokens cannot contain '{', so a leading brace can only mean JSON.
        String token = stripped.startsWith("{") ? fromJson(stripped, stage) : stripped;
        if (token.isEmpty()) {
            throw fail(stage, "the token is empty");
        }
        return token;
    }

    private String fromJson(String json, String stage) {
        Map<String, JsonNode> fields;
        try {
            JsonNode node = JsonNode.parser().parse(json);
            if (!node.isObject()) {
                throw fail(stage, "the secret starts with '{' but is not a JSON object");
            }
            fields = node.asObject();
        } catch (RuntimeException e) {
            if (e instanceof TokenSourceException known) {
                throw known;
            }
            // The parser's message may quote the secret text: drop it and the cause.
            throw fail(stage, "the secret starts with '{' but is not valid JSON");
        }
        List<String> keys = jsonKey == null ? DEFAULT_JSON_KEYS : List.of(jsonKey);
        for (String key : keys) {
            JsonNode value = fields.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isString()) {
                throw fail(stage, "JSON key '" + key + "' is not a string");
            }
            return value.asString().strip();
        }
        String wanted = jsonKey == null
                ? "none of the default JSON keys " + DEFAULT_JSON_KEYS + " is present (set jsonKey to the key holding the token)"
                : "JSON key '" + jsonKey + "' is absent";
        throw fail(stage, wanted + "; keys present: " + new TreeSet<>(fields.keySet()));
    }

    private String decodeUtf8(byte[] bytes, String stage) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail(stage, "SecretBinary is not valid UTF-8");
        }
    }

    private TokenSourceException fail(String stage, String reason) {
        return new TokenSourceException("Secrets Manager secret '" + secretId + "' stage " + stage + ": " + reason);
    }
}
