package io.github.redisauth;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Turns a Redis error reply, or an exception a client wrapped it in, into an {@link AuthReply}.
 *
 * <p>Replies are recognised by the exact texts Redis 2.8 to 7.x send (with or without the leading
 * {@code -}, and also where a client embedded them in a longer message). Exceptions are searched
 * through their causes and suppressed exceptions, where Lettuce puts each cluster node's error.
 * When several answers are found the strongest wins: {@link AuthReply#REJECTED} over
 * {@link AuthReply#AUTH_REQUIRED} over {@link AuthReply#NO_PASSWORD_SET}, so one node's transient
 * "no password is set" never hides another node's rejection.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReplyClassifier {

    private static final int MAX_THROWABLES = 64;

    private ReplyClassifier() {
    }

    /**
     * Classifies one reply text, e.g. {@code WRONGPASS invalid username-password pair or user is disabled.}
     *
     * @param reply the error line, with or without the leading {@code -}; null gives {@link AuthReply#OTHER}
     * @return the classification
     */
    public static AuthReply classify(String reply) {
        if (reply == null) {
            return AuthReply.OTHER;
        }
        if (reply.contains("WRONGPASS") || reply.contains("ERR invalid password")
                || reply.contains("invalid username-password pair")) {
            return AuthReply.REJECTED;
        }
        if (reply.contains("NOAUTH")) {
            return AuthReply.AUTH_REQUIRED;
        }
        if (reply.contains("Client sent AUTH, but no password is set")
                || reply.contains("called without any password configured")) {
            return AuthReply.NO_PASSWORD_SET;
        }
        return AuthReply.OTHER;
    }

    /**
     * Classifies an exception from any client by the messages of the exception, its causes and its
     * suppressed exceptions (at most {@value #MAX_THROWABLES} throwables are examined; cycles are safe).
     *
     * @param failure the exception; null gives {@link AuthReply#OTHER}
     * @return the strongest classification found
     */
    public static AuthReply classify(Throwable failure) {
        AuthReply strongest = AuthReply.OTHER;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.add(failure);
        }
        while (!pending.isEmpty() && seen.size() < MAX_THROWABLES) {
            Throwable next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            // ours: its cause may be absent (a set rejected moments ago is not tried again)
            AuthReply found = next instanceof TokensRejectedException ? AuthReply.REJECTED : classify(next.getMessage());
            if (strength(found) > strength(strongest)) {
                strongest = found;
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            Collections.addAll(pending, next.getSuppressed());
        }
        return strongest;
    }

    /**
     * The precedence when one failure carries several answers (e.g. one per cluster node): a rejection
     * is proof about a token; "authentication required" proves the server has a password, so it
     * outranks a "no password is set" that ElastiCache also sends transiently.
     */
    private static int strength(AuthReply reply) {
        return switch (reply) {
            case REJECTED -> 3;
            case AUTH_REQUIRED -> 2;
            case NO_PASSWORD_SET -> 1;
            case OTHER -> 0;
        };
    }
}
