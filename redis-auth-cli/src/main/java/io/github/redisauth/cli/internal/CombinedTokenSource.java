package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The candidates of several live sources, in the order given (duplicates dropped, the first
 * {@value TokenSet#MAX_CANDIDATES} kept). Thread-safe when the sources are; closes them all.
 */
public final class CombinedTokenSource implements TokenSource {

    private final List<TokenSource> sources;

    /** @param sources the sources, most preferred first; not empty */
    public CombinedTokenSource(List<TokenSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public TokenSet fetch() {
        return combine(TokenSource::fetch);
    }

    @Override
    public TokenSet refresh() {
        return combine(TokenSource::refresh);
    }

    private TokenSet combine(Function<TokenSource, TokenSet> read) {
        LinkedHashSet<AuthToken> all = new LinkedHashSet<>();
        for (TokenSource source : sources) {
            all.addAll(read.apply(source).candidates());
        }
        List<AuthToken> kept = new ArrayList<>(all);
        return TokenSet.of(kept.subList(0, Math.min(TokenSet.MAX_CANDIDATES, kept.size())));
    }

    @Override
    public String description() {
        return sources.stream().map(TokenSource::description).collect(Collectors.joining(" + "));
    }

    @Override
    public void close() {
        sources.forEach(TokenSource::close);
    }
}
