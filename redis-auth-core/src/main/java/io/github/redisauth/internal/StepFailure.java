package io.github.redisauth.internal;

/**
 * A network step of the verifier failed; the message is a complete, human sentence fit for a
 * check detail and never contains a token value.
 */
public final class StepFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the step failed. */
    public enum Reason {
        /** Nothing came back within the timeout. */
        TIMEOUT,
        /** The overall deadline of the run passed. */
        DEADLINE,
        /** The server closed the connection. */
        CLOSED,
        /** The server spoke plaintext where TLS was expected. */
        PLAINTEXT_SERVER,
        /** The server spoke TLS where plaintext was expected. */
        TLS_SERVER,
        /** Anything else (refused, unreachable, protocol error...). */
        OTHER
    }

    private final Reason reason;

    /**
     * @param reason the kind of failure
     * @param message the sentence to report
     * @param cause the underlying exception, or null
     */
    public StepFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the kind of failure */
    public Reason reason() {
        return reason;
    }
}
