package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo's stand-in for an AWS Secrets Manager secret: an in-memory {@link TokenSource} whose
 * versions carry the staging labels {@code AWSCURRENT}, {@code AWSPENDING} and {@code AWSPREVIOUS}
 * and are moved by the demo as a rotation Lambda moves them. {@link #fetch()} answers current,
 * pending, previous (as {@code SecretsManagerTokenSource} does). Thread-safe.
 */
public final class DemoSecretStore implements TokenSource {

    private final String name;
    private AuthToken current;
    private AuthToken pending;
    private AuthToken previous;

    /** @param name the secret's name, for descriptions only */
    public DemoSecretStore(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * {@code create-secret}: the token becomes {@code AWSCURRENT}; no other version.
     *
     * @param token the first token
     */
    public synchronized void create(AuthToken token) {
        current = Objects.requireNonNull(token, "token");
        pending = null;
        previous = null;
    }

    /**
     * {@code put-secret-value --version-stages AWSPENDING}: a new version waits beside the current one.
     *
     * @param token the next token
     */
    public synchronized void putPending(AuthToken token) {
        pending = Objects.requireNonNull(token, "token");
    }

    /**
     * {@code update-secret-version-stage}: the pending version becomes {@code AWSCURRENT}, the
     * current one {@code AWSPREVIOUS}.
     *
     * @throws IllegalStateException when no version is pending
     */
    public synchronized void promotePending() {
        if (pending == null) {
            throw new IllegalStateException("no AWSPENDING version to promote in " + name);
        }
        previous = current;
        current = pending;
        pending = null;
    }

    @Override
    public synchronized TokenSet fetch() {
        List<AuthToken> candidates = new ArrayList<>(3);
        if (current != null) {
            candidates.add(current.withLabel("AWSCURRENT"));
        }
        if (pending != null) {
            candidates.add(pending.withLabel("AWSPENDING"));
        }
        if (previous != null) {
            candidates.add(previous.withLabel("AWSPREVIOUS"));
        }
        return TokenSet.of(candidates);
    }

    @Override
    public String description() {
        return "demo secret " + name;
    }
}
