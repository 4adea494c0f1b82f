package io.github.redisauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers which token won the last authentication and which were rejected recently, and from that
 * decides the order in which to try the candidates of a {@link TokenSet}.
 *
 * <p>Order: the last winner first (when it is still a candidate), then the other candidates in the
 * set's order; candidates rejected within the {@linkplain Builder#demotionPeriod(Duration) demotion
 * period} move to the end, still in the set's order, so that when every candidate was rejected
 * they are still tried. A success clears the winner's demotion, unless the token was rejected after the
 * success was sent ({@link #recordSuccess(AuthToken, long)}): a late success never undoes a newer rejection.
 *
 * <p>Thread-safe: many connections may report results at once.
 */
public final class RotationState {

    /** How long a rejected candidate stays at the back of the order: 5 minutes. */
    public static final Duration DEFAULT_DEMOTION_PERIOD = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration demotionPeriod;
    private final Map<AuthToken, Instant> demotedUntil = new HashMap<>();
    private final Map<AuthToken, Long> rejectedVersion = new HashMap<>();
    /** Only the winner's entry is kept: a success of another token makes older ones irrelevant. */
    private final Map<AuthToken, Long> acceptedVersion = new HashMap<>();
    private AuthToken winner;
    private long version;

    private RotationState(Builder builder) {
        this.clock = builder.clock;
        this.demotionPeriod = builder.demotionPeriod;
    }

    /** @return a state with {@link #DEFAULT_DEMOTION_PERIOD} and the system clock */
    public static RotationState create() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The order in which to try the candidates of {@code tokens} now.
     *
     * @param tokens the current candidates
     * @return a new list; empty when {@code tokens} is empty
     */
    public synchronized List<AuthToken> attemptOrder(TokenSet tokens) {
        Objects.requireNonNull(tokens, "tokens");
        Instant now = clock.instant();
        pruneExpired(now);
        List<AuthToken> preferred = new ArrayList<>(tokens.size());
        List<AuthToken> demoted = new ArrayList<>(tokens.size());
        if (winner != null && tokens.contains(winner) && !isDemoted(winner, now)) {
            preferred.add(candidate(tokens, winner));
        }
        for (AuthToken token : tokens.candidates()) {
            if (preferred.contains(token)) {
                continue;
            }
            (isDemoted(token, now) ? demoted : preferred).add(token);
        }
        preferred.addAll(demoted);
        return preferred;
    }

    /**
     * Records that {@code token} authenticated just now, with nothing in flight that could have been
     * rejected meanwhile: it becomes the winner and is no longer demoted.
     *
     * @param token the token the server accepted
     */
    public synchronized void recordSuccess(AuthToken token) {
        recordSuccess(token, version);
    }

    /**
     * A stamp to take before sending a token, for {@link #recordSuccess(AuthToken, long)}: it orders
     * the success against rejections recorded meanwhile.
     *
     * @return a counter of the successes and rejections recorded so far
     */
    public synchronized long version() {
        return version;
    }

    /**
     * Records that {@code token} authenticated, unless it was rejected after {@code sentAt}: it then
     * becomes the winner and is no longer demoted. A success that was sent before a newer rejection of
     * the same token (another connection, a later answer) never undoes that rejection.
     *
     * @param token the token the server accepted
     * @param sentAt {@link #version()} taken before the token was sent
     * @return true when the success was recorded; false when a newer rejection of this token, or a newer
     *     success of another token, stands
     */
    public synchronized boolean recordSuccess(AuthToken token, long sentAt) {
        Objects.requireNonNull(token, "token");
        Long rejectedAt = rejectedVersion.get(token);
        if (rejectedAt != null && rejectedAt > sentAt && isDemoted(token, clock.instant())) {
            return false;
        }
        Long winnerAcceptedAt = winner == null || winner.equals(token) ? null : acceptedVersion.get(winner);
        if (winnerAcceptedAt != null && winnerAcceptedAt > sentAt) {
            // another token was accepted after this one was sent: it stays the winner; both work
            demotedUntil.remove(token);
            rejectedVersion.remove(token);
            return false;
        }
        winner = token;
        demotedUntil.remove(token);
        rejectedVersion.remove(token);
        acceptedVersion.clear();
        acceptedVersion.put(token, ++version);
        return true;
    }

    /**
     * Records a rejection of {@code token} unless the token was accepted after {@code sentAt}: a late
     * rejection (an old handshake's answer) never undoes a newer success.
     *
     * @param token the rejected token
     * @param sentAt {@link #version()} taken before the token was sent
     * @return true when the rejection was recorded
     */
    public synchronized boolean recordRejection(AuthToken token, long sentAt) {
        Objects.requireNonNull(token, "token");
        Long acceptedAt = acceptedVersion.get(token);
        if (acceptedAt != null && acceptedAt > sentAt) {
            return false;
        }
        recordRejection(token);
        return true;
    }

    /**
     * Records that the server rejected {@code token}: it is demoted for the demotion period and, if it
     * was the winner, no longer is.
     *
     * @param token the rejected token
     */
    public synchronized void recordRejection(AuthToken token) {
        Objects.requireNonNull(token, "token");
        Instant now = clock.instant();
        pruneExpired(now);
        demotedUntil.put(token, now.plus(demotionPeriod));
        rejectedVersion.put(token, ++version);
        acceptedVersion.remove(token);
        if (token.equals(winner)) {
            winner = null;
        }
    }

    /** @return the token that authenticated last, unless it was rejected since */
    public synchronized Optional<AuthToken> winner() {
        return Optional.ofNullable(winner);
    }

    /**
     * @param token a token
     * @return true when {@code token} was rejected less than the demotion period ago
     */
    public synchronized boolean isDemoted(AuthToken token) {
        return isDemoted(token, clock.instant());
    }

    /** @return the demotion period in force */
    public Duration demotionPeriod() {
        return demotionPeriod;
    }

    private boolean isDemoted(AuthToken token, Instant now) {
        Instant until = demotedUntil.get(token);
        if (until == null) {
            return false;
        }
        if (!now.isBefore(until)) {
            demotedUntil.remove(token);
            rejectedVersion.remove(token);
            return false;
        }
        return true;
    }

    /** Forgets expired demotions, so rotated-out tokens (secret values) are not kept for ever. */
    private void pruneExpired(Instant now) {
        demotedUntil.values().removeIf(until -> !now.isBefore(until));
        rejectedVersion.keySet().retainAll(demotedUntil.keySet());
    }

    /** The set's own instance, so the caller sees the label the source gives now. */
    private static AuthToken candidate(TokenSet tokens, AuthToken token) {
        return tokens.candidates().get(tokens.candidates().indexOf(token));
    }

    @Override
    public synchronized String toString() {
        return "RotationState[winner=" + (winner == null ? "none" : winner.label() + "#" + winner.fingerprint())
                + ", demoted=" + TokenSet.describe(demotedUntil.keySet()) + "]";
    }

    /**
     * Builds a {@link RotationState}. Not thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration demotionPeriod = DEFAULT_DEMOTION_PERIOD;

        private Builder() {
        }

        /**
         * @param clock the time source for demotions; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param demotionPeriod how long a rejected candidate is tried last; default
         *     {@link RotationState#DEFAULT_DEMOTION_PERIOD}; must be positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder demotionPeriod(Duration demotionPeriod) {
            Objects.requireNonNull(demotionPeriod, "demotionPeriod");
            if (demotionPeriod.isNegative() || demotionPeriod.isZero()) {
                throw new IllegalArgumentException("demotionPeriod must be positive, got " + demotionPeriod);
            }
            this.demotionPeriod = demotionPeriod;
            return this;
        }

        /** @return a new state with these settings and no history */
        public RotationState build() {
            return new RotationState(this);
        }
    }
}
