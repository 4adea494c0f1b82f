package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The token options shared by {@code verify} and {@code watch} (a picocli {@code @Mixin}):
 * {@code -a/--token}, {@code --token-env}, {@code --token-file} and the {@link SecretOptions}. The
 * descriptions are {@code verify}'s; a command can reword them through its resource bundle (keys
 * {@code token}, {@code token-env}, {@code token-file}).
 *
 * <p>Candidates, most preferred first: the token of {@code --uri} (label {@code uri}), {@code --token}
 * ({@code arg}), each {@code --token-env VAR} in order, the lines of {@code --token-file}, the stages of
 * {@code --token-secret}. {@link #readOnce} reads them once (verify); {@link #live} keeps the sources
 * live (watch).
 */
public final class TokenOptions {

    @Option(names = {"-a", "--token"}, paramLabel = "TOKEN", descriptionKey = "token",
            description = "A token (label 'arg'). Shows in the process list: prefer --token-env or --token-file.")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", descriptionKey = "token-env",
            description = "Environment variable holding a token (label env:VAR); repeatable, first preferred.")
    List<String> tokenEnvironment = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE", descriptionKey = "token-file",
            description = "File with one token a line, first preferred.")
    Path tokenFile;

    @Mixin
    SecretOptions secret = new SecretOptions();

    /** Creates the options; picocli fills them. */
    public TokenOptions() {
    }

    /**
     * Reads every candidate once: {@code --token-env VAR} reads VAR only, the secret is fetched once.
     *
     * @param uriToken the token of {@code --uri}, if any
     * @param environment looks up environment variables
     * @param err where the warnings about tokens on the command line go
     * @return the candidates (possibly none)
     * @throws ConfigurationException for an unset variable, an unreadable or empty file, a bad secret option
     */
    public TokenSet readOnce(Optional<String> uriToken, UnaryOperator<String> environment, PrintWriter err) {
        List<AuthToken> candidates = new ArrayList<>(commandLineTokens(uriToken, err));
        for (String variable : tokenEnvironment) {
            candidates.add(AuthToken.of("env:" + variable, variable(variable, environment)));
        }
        if (tokenFile != null) {
            try (TokenSource file = TokenSources.file(readableTokenFile())) {
                TokenSet fromFile = file.fetch();
                if (fromFile.isEmpty()) {
                    throw new ConfigurationException("--token-file " + tokenFile + " holds no token");
                }
                candidates.addAll(fromFile.candidates());
            }
        }
        try (TokenSource source = secret.source()) {
            if (source != null) {
                candidates.addAll(source.fetch().candidates());
            }
            return TokenSet.of(candidates);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * Opens live sources: {@code --token-env VAR} reads VAR and VAR_PREVIOUS at each fetch, the file is
     * re-read when it changes, the secret is re-read every 30 seconds.
     *
     * @param uriToken the token of {@code --uri}, if any
     * @param environment looks up environment variables
     * @param err where the warnings about tokens on the command line go
     * @return the combined source; the caller closes it
     * @throws ConfigurationException when no token is given, or as {@link #readOnce}
     */
    public TokenSource live(Optional<String> uriToken, UnaryOperator<String> environment, PrintWriter err) {
        List<TokenSource> sources = new ArrayList<>();
        commandLineTokens(uriToken, err).forEach(candidate -> sources.add(TokenSources.fixed(candidate)));
        for (String variable : tokenEnvironment) {
            variable(variable, environment);
            sources.add(TokenSources.environment(variable, environment));
        }
        if (tokenFile != null) {
            sources.add(TokenSources.file(readableTokenFile()));
        }
        TokenSource source = secret.source();
        if (source != null) {
            try {
                sources.add(CachingTokenSource.builder(source).refreshInterval(Duration.ofSeconds(30)).build());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage(), e);
            }
        }
        if (sources.isEmpty()) {
            throw new ConfigurationException("no token given: use --token-env VAR, --token-file FILE, --token-secret ID or -a TOKEN");
        }
        return new CombinedTokenSource(sources);
    }

    /** The tokens of {@code --uri} and {@code -a}, each with its process-list warning. */
    private List<AuthToken> commandLineTokens(Optional<String> uriToken, PrintWriter err) {
        List<AuthToken> tokens = new ArrayList<>();
        uriToken.ifPresent(value -> {
            err.println("Warning: the token in --uri shows in the process list; prefer --token-env or --token-file.");
            tokens.add(AuthToken.of("uri", value));
        });
        if (token != null) {
            err.println("Warning: a token given with -a/--token shows in the process list; prefer --token-env or --token-file.");
            if (token.isEmpty()) {
                throw new ConfigurationException("-a/--token is empty: give the AUTH token, or use --token-env VAR");
            }
            tokens.add(AuthToken.of("arg", token));
        }
        return tokens;
    }

    private static final java.util.regex.Pattern VARIABLE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Reads {@code --token-env VAR}. The value given is printed only when it is a valid variable name
     * that does not look like a token: {@code --token-env "$TOKEN"} is a common mistake.
     */
    private static String variable(String variable, UnaryOperator<String> environment) {
        if (!VARIABLE_NAME.matcher(variable).matches()) {
            throw new ConfigurationException("the value given to --token-env is not a variable name (a token value by mistake?); "
                    + "give the name of the variable, e.g. --token-env REDIS_AUTH_TOKEN (the value is not printed)");
        }
        String value = environment.apply(variable);
        if (value == null) {
            if (looksLikeToken(variable)) {
                throw new ConfigurationException("the value given to --token-env names no set variable and looks like a token "
                        + "(a token value by mistake?); give the name of the variable (the value is not printed)");
            }
            throw new ConfigurationException("--token-env: environment variable " + variable + " is not set");
        }
        if (value.isEmpty()) {
            throw new ConfigurationException("--token-env: environment variable " + variable + " is empty");
        }
        return value;
    }

    /**
     * A valid variable name that is more likely a token: long, and mixing lower case, upper case and
     * digits (variable names are upper case by convention, e.g. REDIS_AUTH_TOKEN).
     */
    static boolean looksLikeToken(String text) {
        return text.length() >= 16 && text.chars().anyMatch(Character::isLowerCase)
                && text.chars().anyMatch(Character::isUpperCase) && text.chars().anyMatch(Character::isDigit);
    }

    /** The largest {@code --token-file} read: 3 tokens of 128 characters need far less; more is the wrong file. */
    static final long MAX_TOKEN_FILE_BYTES = 64 * 1024;

    /** Checks {@code --token-file}; never prints its value (it may be a token given by mistake). */
    private Path readableTokenFile() {
        if (!Files.isRegularFile(tokenFile) || !Files.isReadable(tokenFile)) {
            throw new ConfigurationException("the file given to --token-file does not exist or cannot be read "
                    + "(the value is not printed: a token value by mistake?)");
        }
        long size;
        try {
            size = Files.size(tokenFile);
        } catch (java.io.IOException e) {
            size = -1;
        }
        if (size > MAX_TOKEN_FILE_BYTES) {
            throw new ConfigurationException("the file given to --token-file is " + size + " bytes: a token file holds at most "
                    + "3 tokens, one a line, at most " + MAX_TOKEN_FILE_BYTES + " bytes (is it the right file?)");
        }
        return tokenFile;
    }
}
