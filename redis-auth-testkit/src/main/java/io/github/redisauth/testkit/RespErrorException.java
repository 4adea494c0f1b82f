package io.github.redisauth.testkit;

/**
 * An error reply from Redis ({@code -ERR ...}, {@code -NOAUTH ...}, {@code -WRONGPASS ...}).
 * The message is exactly the server's error line without the leading {@code '-'}; Redis never
 * echoes passwords in its error lines.
 */
public final class RespErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The server's error line without the leading {@code '-'}. */
    private final String message;

    /**
     * @param message the error line without the leading '-'
     */
    public RespErrorException(String message) {
        super(message, null, false, false);
        this.message = message;
    }

    /** {@return the exact error line without the leading '-', e.g. {@code NOAUTH Authentication required.}} */
    public String message() {
        return message;
    }

    /** {@return the first word of the error line, e.g. {@code NOAUTH}, {@code WRONGPASS}, {@code ERR}} */
    public String code() {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
