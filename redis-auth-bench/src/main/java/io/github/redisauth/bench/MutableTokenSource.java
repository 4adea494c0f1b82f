package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import java.util.concurrent.atomic.AtomicReference;

/** A token source the harness changes during a rotation, as a secrets store would. */
final class MutableTokenSource implements TokenSource {

    private final AtomicReference<TokenSet> tokens = new AtomicReference<>(TokenSet.empty());

    MutableTokenSource set(AuthToken... candidates) {
        tokens.set(TokenSet.of(candidates));
        return this;
    }

    @Override
    public TokenSet fetch() {
        return tokens.get();
    }

    @Override
    public String description() {
        return "bench:mutable";
    }
}
