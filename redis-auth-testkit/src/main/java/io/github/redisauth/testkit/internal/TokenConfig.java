package io.github.redisauth.testkit.internal;

import io.github.redisauth.testkit.GatewayState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of the gateway's AUTH tokens with ElastiCache's transitions (ROTATE,
 * SET, DELETE). Never shows token values in {@link #toString()} or exception messages.
 */
public final class TokenConfig {

    /** No token, AUTH optional. */
    public static final TokenConfig NONE = new TokenConfig(GatewayState.NO_TOKEN, List.of(), false);

    private static final String ALLOWED_SPECIALS = "!&#$^<>-";

    private final GatewayState state;
    private final List<byte[]> tokens; // oldest first, at most two
    private final boolean everSet;

    private TokenConfig(GatewayState state, List<byte[]> tokens, boolean everSet) {
        this.state = state;
        this.tokens = tokens;
        this.everSet = everSet;
    }

    /** {@return the state} */
    public GatewayState state() {
        return state;
    }

    /** {@return how many tokens are accepted (0, 1 or 2)} */
    public int tokenCount() {
        return tokens.size();
    }

    /**
     * {@return whether a client must authenticate before other commands}: after a SET, and in
     * every later ROTATE; not in NO_TOKEN nor in a ROTATE that follows NO_TOKEN.
     */
    public boolean authRequired() {
        return state == GatewayState.SET || (state == GatewayState.ROTATING && everSet);
    }

    /** {@return whether the candidate equals an accepted token (constant time per token)} */
    public boolean accepts(byte[] candidate) {
        boolean ok = false;
        for (byte[] t : tokens) {
            ok |= MessageDigest.isEqual(t, candidate);
        }
        return ok;
    }

    /**
     * ElastiCache ROTATE: the token joins the accepted set; the oldest is dropped when there
     * would be more than two.
     *
     * @throws IllegalArgumentException when the token breaks ElastiCache's token rules
     */
    public TokenConfig rotate(String token) {
        byte[] t = validate(token);
        List<byte[]> next = new ArrayList<>();
        for (byte[] old : tokens) {
            if (!MessageDigest.isEqual(old, t)) {
                next.add(old);
            }
        }
        next.add(t);
        while (next.size() > 2) {
            next.remove(0);
        }
        return new TokenConfig(GatewayState.ROTATING, List.copyOf(next), everSet);
    }

    /**
     * ElastiCache SET: only allowed right after a ROTATE, with the token of that last ROTATE.
     *
     * @throws IllegalArgumentException when the token breaks ElastiCache's token rules
     * @throws IllegalStateException when the state is not ROTATING or the token is not the last rotated one
     */
    public TokenConfig set(String token) {
        byte[] t = validate(token);
        if (state != GatewayState.ROTATING) {
            throw new IllegalStateException("set(token) is allowed only after rotate(token) (ElastiCache: "
                    + "SET is allowed only after ROTATE); the gateway is in state " + state);
        }
        if (!MessageDigest.isEqual(tokens.get(tokens.size() - 1), t)) {
            throw new IllegalStateException("set(token) must use the same token as the last rotate(token) "
                    + "(ElastiCache: the auth-token must be the same value as the last AUTH token rotated)");
        }
        return new TokenConfig(GatewayState.SET, List.of(t), true);
    }

    /** {@return this snapshot's shape, e.g. {@code ROTATING with 2 tokens, AUTH required}; never token values} */
    @Override
    public String toString() {
        return state + " with " + tokens.size() + (tokens.size() == 1 ? " token" : " tokens")
                + (authRequired() ? ", AUTH required" : ", AUTH optional");
    }

    /**
     * Checks ElastiCache's rules: 16-128 printable ASCII characters; the only non-alphanumeric
     * ones allowed are {@code ! & # $ ^ < > -}.
     *
     * @throws IllegalArgumentException naming the rule (never the token)
     */
    static byte[] validate(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < 16 || token.length() > 128) {
            throw new IllegalArgumentException("an AUTH token must be 16-128 characters long (ElastiCache rule)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && ALLOWED_SPECIALS.indexOf(c) < 0) {
                throw new IllegalArgumentException("an AUTH token may contain only letters, digits and "
                        + "! & # $ ^ < > - (ElastiCache rule); found a disallowed character at index " + i);
            }
        }
        return token.getBytes(StandardCharsets.US_ASCII);
    }
}
