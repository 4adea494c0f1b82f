package io.github.redisauth.cli.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code redis://[:token@]host[:port][/db]} or {@code rediss://...} URI ({@code rediss}
 * means TLS). Parsed by hand, not with {@link java.net.URI}: ElastiCache tokens may hold
 * {@code # ^ < >}, which {@code java.net.URI} rejects or takes for a fragment. The token may be
 * percent-encoded.
 *
 * <p>Immutable; {@link #toString()} never shows the token.
 *
 * @param host the host (IPv6 without brackets)
 * @param port the port, 6379 when absent
 * @param tls true for {@code rediss}
 * @param token the token, or null when absent
 */
public record RedisUri(String host, int port, boolean tls, String token) {

    /** Default port when the URI has none. */
    public static final int DEFAULT_PORT = 6379;

    /**
     * @param text the URI
     * @return the parsed URI
     * @throws ConfigurationException naming what is wrong (never the user-info, nor text that may be a token)
     */
    public static RedisUri parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean tls;
        String rest;
        if (lower.startsWith("rediss://")) {
            tls = true;
            rest = text.substring("rediss://".length());
        } else if (lower.startsWith("redis://")) {
            tls = false;
            rest = text.substring("redis://".length());
        } else {
            throw new ConfigurationException("invalid --uri: it must start with redis:// or rediss:// (TLS)");
        }
        String token = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (colon < 0) {
                throw new ConfigurationException("invalid --uri: write the token after a colon, redis://:TOKEN@host:port "
                        + "(user-info is never printed)");
            }
            if (!user.isEmpty() && !user.equals("default")) {
                throw new ConfigurationException("invalid --uri: a user name is not supported (user-info is never printed): "
                        + "the verifier sends AUTH with the token only, write redis://:TOKEN@host:port");
            }
            token = percentDecode(userInfo.substring(colon + 1));
            if (token.isEmpty()) {
                throw new ConfigurationException("invalid --uri: the token after ':' is empty");
            }
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int index = rest.indexOf(stop);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        String authority = rest.substring(0, end);
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new ConfigurationException("invalid --uri: unclosed '[' in the IPv6 host");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new ConfigurationException("invalid --uri: unexpected text after the IPv6 host "
                        + "(not printed: it may be a token), e.g. rediss://[::1]:6379");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new ConfigurationException("invalid --uri: no host, e.g. rediss://master.example.cache.amazonaws.com:6379");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new ConfigurationException("invalid --uri: the port is not a number "
                        + "(not printed: a token without '@host'?), e.g. rediss://:TOKEN@host:6379");
            }
            if (port < 1 || port > 65535) {
                throw new ConfigurationException("invalid --uri: port " + port + " is out of range 1 to 65535");
            }
        }
        return new RedisUri(host, port, tls, token);
    }

    /** @return the token, if the URI holds one */
    public Optional<String> tokenValue() {
        return Optional.ofNullable(token);
    }

    /** @return the URI with the token masked */
    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (token != null ? ":***@" : "") + host + ":" + port;
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int value = hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2));
                bytes.write(value);
                i += 2;
            } else if (c == '%') {
                throw new ConfigurationException("invalid --uri: a '%' in the token must be followed by two hex digits");
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        int value = Character.digit(c, 16);
        if (value < 0) {
            throw new ConfigurationException("invalid --uri: a '%' in the token must be followed by two hex digits");
        }
        return value;
    }
}
