package io.github.redisauth.internal;

/**
 * One decoded RESP reply, reduced to what the verifier needs.
 *
 * @param kind the reply type
 * @param text the text of a simple string, error, integer or bulk string; for arrays "array of N"
 */
public record RespReply(Kind kind, String text) {

    /** RESP reply types. */
    public enum Kind {
        /** {@code +OK}. */
        SIMPLE,
        /** {@code -ERR ...}. */
        ERROR,
        /** {@code :1}. */
        INTEGER,
        /** {@code $n ...}. */
        BULK,
        /** {@code $-1} or {@code *-1}. */
        NULL,
        /** {@code *n ...}. */
        ARRAY
    }

    /** @return true for {@code +PONG} */
    public boolean isPong() {
        return kind == Kind.SIMPLE && "PONG".equals(text);
    }

    /** @return true for {@code +OK} */
    public boolean isOk() {
        return kind == Kind.SIMPLE && "OK".equals(text);
    }

    /** @return true for an error reply */
    public boolean isError() {
        return kind == Kind.ERROR;
    }

    /** @return the reply as the server wrote it, e.g. {@code -NOAUTH Authentication required.} */
    public String display() {
        return switch (kind) {
            case SIMPLE -> "+" + text;
            case ERROR -> "-" + text;
            case INTEGER -> ":" + text;
            case BULK -> "bulk string of " + text.length() + " characters";
            case NULL -> "null";
            case ARRAY -> text;
        };
    }
}
