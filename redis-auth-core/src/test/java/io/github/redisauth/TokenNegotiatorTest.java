package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The negotiation rules, without a server: a scripted "server" answers each attempt with the exact
 * replies Redis sends.
 */
class TokenNegotiatorTest {

    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    private static final String NO_PASSWORD = "ERR Client sent AUTH, but no password is set";
    private static final String NOAUTH = "NOAUTH Authentication required.";

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "current-token-0000001");
    private static final AuthToken PENDING = AuthToken.of("AWSPENDING", "pending-token-0000002");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "previous-token-000003");
    private static final AuthToken ROTATED = AuthToken.of("AWSCURRENT", "rotated-token-0000004");

    private final MutableClock clock = new MutableClock();
    private final SettableTokenSource source = TokenSources.settable(CURRENT, PREVIOUS);
    private final TokenNegotiator negotiator = TokenNegotiator.builder(source).clock(clock).build();
    private final Server server = new Server();

    /** Accepts some tokens; answers everything else as told. Records what it was sent. */
    private static final class Server implements AuthAttempt<String> {
        final List<String> sent = new ArrayList<>();
        final Map<AuthToken, String> replies = new HashMap<>();
        String unknownTokenReply = WRONGPASS;
        String noAuthReply = NOAUTH;
        List<AuthToken> accepted = List.of();

        @Override
        public String attempt(AuthToken token) {
            sent.add(token == null ? "none" : token.label());
            if (token == null) {
                if (noAuthReply == null) {
                    return "PONG";
                }
                throw new IllegalStateException(noAuthReply);
            }
            if (accepted.contains(token)) {
                return "OK " + token.label();
            }
            throw new IllegalStateException(replies.getOrDefault(token, unknownTokenReply));
        }
    }

    @Test
    void thePreferredTokenIsTriedFirst() {
        server.accepted = List.of(CURRENT, PREVIOUS);
        TokenNegotiator.Negotiated<String> result = negotiator.negotiate("redis:6379", server);
        assertThat(result.token()).isEqualTo(CURRENT);
        assertThat(result.fallback()).isFalse();
        assertThat(server.sent).containsExactly("AWSCURRENT");
    }

    @Test
    void aRejectedTokenFallsBackToTheNextAndTheWinnerIsRemembered() {
        server.accepted = List.of(PREVIOUS);
        assertThat(negotiator.negotiate("redis:6379", server).fallback()).isTrue();
        server.sent.clear();
        negotiator.negotiate("redis:6379", server);
        assertThat(server.sent).containsExactly("AWSPREVIOUS");
        assertThat(negotiator.statistics().fallbacks()).isEqualTo(1);
        assertThat(negotiator.statistics().rejections()).isEqualTo(1);
    }

    @Test
    void everyTokenRejectedRefreshesTheSourceOnceThenTriesTheNewSet() {
        server.accepted = List.of(ROTATED);
        TokenSource refreshed = new TokenSource() {
            private TokenSet tokens = TokenSet.of(CURRENT);

            @Override
            public synchronized TokenSet fetch() {
                return tokens;
            }

            @Override
            public synchronized TokenSet refresh() {
                tokens = TokenSet.of(ROTATED);
                return tokens;
            }

            @Override
            public String description() {
                return "rotating";
            }
        };
        TokenNegotiator withRefresh = TokenNegotiator.builder(refreshed).clock(clock).build();
        assertThat(withRefresh.negotiate("redis:6379", server).token()).isEqualTo(ROTATED);
        assertThat(server.sent).containsExactly("AWSCURRENT", "AWSCURRENT");
        assertThat(withRefresh.statistics().refreshes()).isEqualTo(1);
    }

    @Test
    void everyTokenRejectedTwiceFailsWithLabelsAndFingerprintsOnly() {
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server))
                .isInstanceOf(TokensRejectedException.class)
                .hasMessageContaining("Redis at redis:6379 rejected every AUTH token from " + source.description())
                .hasMessageContaining("AWSCURRENT#" + CURRENT.fingerprint())
                .hasMessageContaining("AWSPREVIOUS#" + PREVIOUS.fingerprint())
                .hasMessageNotContaining(CURRENT.valueAsString())
                .hasMessageNotContaining(PREVIOUS.valueAsString());
        assertThat(server.sent).hasSize(4);
    }

    @Test
    void aFullyRejectedSetIsNotTriedAgainWithinTheRetryInterval() {
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server)).isInstanceOf(TokensRejectedException.class);
        server.sent.clear();
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server))
                .isInstanceOf(TokensRejectedException.class)
                .hasMessageContaining("not tried again before");
        assertThat(server.sent).isEmpty();

        clock.advance(TokenNegotiator.DEFAULT_REJECTED_RETRY_INTERVAL);
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server)).isInstanceOf(TokensRejectedException.class);
        assertThat(server.sent).isNotEmpty();
    }

    @Test
    void aFullRejectionIsForgottenWhenATokenOfTheSetIsAcceptedSince() {
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server)).isInstanceOf(TokensRejectedException.class);
        negotiator.accepted(negotiator.offer()); // another connection's handshake: the server switched meanwhile
        server.accepted = List.of(CURRENT);
        assertThat(negotiator.negotiate("redis:6379", server).token()).isEqualTo(CURRENT);
    }

    @Test
    void aFullRejectionByOneEndpointDoesNotStopAnother() {
        assertThatThrownBy(() -> negotiator.negotiate("lagging-node:6379", server)).isInstanceOf(TokensRejectedException.class);
        server.accepted = List.of(CURRENT);
        assertThat(negotiator.negotiate("redis:6379", server).token()).isEqualTo(CURRENT);
    }

    @Test
    void withoutAuthANegotiationNeedsNoTokenSource() {
        TokenSource failing = new TokenSource() {
            private boolean down;

            @Override
            public TokenSet fetch() {
                if (down) {
                    throw new TokenSourceException("the store is down");
                }
                down = true;
                return TokenSet.of(CURRENT);
            }

            @Override
            public String description() {
                return "flaky";
            }
        };
        TokenNegotiator negotiator = TokenNegotiator.builder(failing).build();
        server.replies.put(CURRENT, NO_PASSWORD);
        server.noAuthReply = null;
        assertThat(negotiator.negotiate("redis:6379", server).token()).isNull();
        assertThat(negotiator.negotiate("redis:6379", server).token()).isNull();
    }

    @Test
    void aNewSetFromTheSourceIsTriedAtOnceAfterAFullRejection() {
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server)).isInstanceOf(TokensRejectedException.class);
        source.set(ROTATED);
        server.accepted = List.of(ROTATED);
        assertThat(negotiator.negotiate("redis:6379", server).token()).isEqualTo(ROTATED);
    }

    @Test
    void theRetryIntervalIsConfigurable() {
        TokenNegotiator always = TokenNegotiator.builder(source).clock(clock).rejectedRetryInterval(Duration.ZERO).build();
        assertThatThrownBy(() -> always.negotiate("redis:6379", server)).isInstanceOf(TokensRejectedException.class);
        server.sent.clear();
        assertThatThrownBy(() -> always.negotiate("redis:6379", server))
                .isInstanceOf(TokensRejectedException.class)
                .hasMessageNotContaining("not tried again");
        assertThat(server.sent).hasSize(4);
    }

    @Test
    void noPasswordSetIsConfirmedWithoutAuthBeforeItIsBelieved() {
        server.replies.put(CURRENT, NO_PASSWORD);
        server.noAuthReply = null; // serves without AUTH
        TokenNegotiator.Negotiated<String> result = negotiator.negotiate("redis:6379", server);
        assertThat(result.token()).isNull();
        assertThat(server.sent).containsExactly("AWSCURRENT", "none");
        assertThat(negotiator.withoutAuth()).isTrue();
        assertThat(negotiator.offer().token()).isNull();
        assertThat(negotiator.statistics().tokenInUse()).isEqualTo(AuthStatistics.NO_PASSWORD);
    }

    @Test
    void aTransientNoPasswordSetIsNotBelievedWhenTheServerAsksForATokenWithoutAuth() {
        server.replies.put(CURRENT, NO_PASSWORD);
        server.accepted = List.of(PREVIOUS);
        TokenNegotiator.Negotiated<String> result = negotiator.negotiate("redis:6379", server);
        assertThat(result.token()).isEqualTo(PREVIOUS);
        assertThat(server.sent).containsExactly("AWSCURRENT", "none", "AWSPREVIOUS");
        assertThat(negotiator.withoutAuth()).isFalse();
    }

    @Test
    void aTransientNoPasswordSetForEveryTokenIsInconclusiveNotARejection() {
        server.replies.put(CURRENT, NO_PASSWORD);
        server.replies.put(PREVIOUS, NO_PASSWORD);
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server))
                .isNotInstanceOf(TokensRejectedException.class)
                .hasMessage(NO_PASSWORD);
        assertThat(negotiator.winner()).isEmpty();
        assertThat(negotiator.statistics().rejections()).isZero();
    }

    @Test
    void noauthEndsTheTimeWithoutAuthAndTheNextTokenCountsAsAChange() {
        server.replies.put(CURRENT, NO_PASSWORD);
        server.noAuthReply = null;
        negotiator.negotiate("redis:6379", server);

        assertThat(negotiator.serverAskedForToken("a live command")).isTrue();
        assertThat(negotiator.withoutAuth()).isFalse();
        assertThat(negotiator.offer().token()).isEqualTo(CURRENT);
        server.replies.clear();
        server.noAuthReply = NOAUTH;
        server.accepted = List.of(CURRENT);
        assertThat(negotiator.negotiate("redis:6379", server).changed()).isTrue();
    }

    @Test
    void whileWithoutAuthANegotiationThatMeetsNoauthGoesBackToTokens() {
        server.replies.put(CURRENT, NO_PASSWORD);
        server.noAuthReply = null;
        negotiator.negotiate("redis:6379", server);
        server.sent.clear();
        server.replies.clear();
        server.noAuthReply = NOAUTH;
        server.accepted = List.of(CURRENT);

        TokenNegotiator.Negotiated<String> result = negotiator.negotiate("redis:6379", server);
        assertThat(server.sent).containsExactly("none", "AWSCURRENT");
        assertThat(result.token()).isEqualTo(CURRENT);
        assertThat(result.changed()).isTrue();
    }

    @Test
    void aSourceWithoutTokensConnectsWithoutAuthWhenTheServerServes() {
        SettableTokenSource empty = TokenSources.settable();
        server.noAuthReply = null;
        TokenNegotiator none = TokenNegotiator.builder(empty).build();
        assertThat(none.negotiate("redis:6379", server).token()).isNull();
        assertThat(none.withoutAuth()).isTrue();
    }

    @Test
    void aSourceWithoutTokensFailsWithTheServersAnswerWhenItAsksForOne() {
        TokenNegotiator none = TokenNegotiator.builder(TokenSources.settable()).build();
        assertThatThrownBy(() -> none.negotiate("redis:6379", server)).hasMessage(NOAUTH);
    }

    @Test
    void aFailureThatIsNotAboutAuthenticationIsThrownUnchanged() {
        server.unknownTokenReply = "Connection refused";
        assertThatThrownBy(() -> negotiator.negotiate("redis:6379", server)).hasMessage("Connection refused");
        assertThat(server.sent).containsExactly("AWSCURRENT");
        assertThat(negotiator.statistics().rejections()).isZero();
    }

    @Test
    void aLateSuccessOfAnOfferDoesNotUndoANewerRejection() {
        TokenNegotiator.Offer offer = negotiator.offer();
        assertThat(offer.token()).isEqualTo(CURRENT);
        negotiator.recordRejection("another connection", CURRENT);
        negotiator.accepted(offer);
        assertThat(negotiator.winner()).isEmpty();
        assertThat(negotiator.offer().token()).isEqualTo(PREVIOUS);
    }

    @Test
    void aLateRejectionOfAnOfferDoesNotUndoANewerSuccess() {
        TokenNegotiator.Offer old = negotiator.offer();
        server.accepted = List.of(CURRENT);
        negotiator.negotiate("redis:6379", server);
        negotiator.failed(old, new IllegalStateException(WRONGPASS));
        assertThat(negotiator.winner()).contains(CURRENT);
        assertThat(negotiator.offer().token()).isEqualTo(CURRENT);
    }

    @Test
    void aRejectedOfferDemotesItsToken() {
        TokenNegotiator.Offer offer = negotiator.offer();
        assertThat(negotiator.failed(offer, new IllegalStateException(WRONGPASS))).isEqualTo(AuthReply.REJECTED);
        assertThat(negotiator.offer().token()).isEqualTo(PREVIOUS);
    }

    @Test
    void aNoPasswordSetAnswerToAnOfferChangesNothingByItself() {
        TokenNegotiator.Offer offer = negotiator.offer();
        assertThat(negotiator.failed(offer, new IllegalStateException(NO_PASSWORD))).isEqualTo(AuthReply.NO_PASSWORD_SET);
        assertThat(negotiator.withoutAuth()).isFalse();
        assertThat(negotiator.offer().token()).isEqualTo(CURRENT);
    }

    @Test
    void adoptPreferredTakesTheSourcesNewTokenOnceTheServerAcceptsIt() {
        server.accepted = List.of(CURRENT);
        negotiator.negotiate("redis:6379", server);
        source.set(ROTATED, CURRENT);
        assertThat(negotiator.adoptPreferred("redis:6379", server, false)).isEmpty(); // not accepted yet
        assertThat(negotiator.offer().token()).isEqualTo(CURRENT); // the winner stays until the new one is accepted

        server.accepted = List.of(CURRENT, ROTATED);
        TokenNegotiator.Negotiated<String> adopted = negotiator.adoptPreferred("redis:6379", server, false).orElseThrow();
        assertThat(adopted.changed()).isTrue();
        assertThat(negotiator.offer().token()).isEqualTo(ROTATED);
        server.sent.clear();
        assertThat(negotiator.adoptPreferred("redis:6379", server, false)).isEmpty();
        assertThat(server.sent).isEmpty(); // already the winner: no attempt
    }

    @Test
    void aRemoteSourceWithoutCacheIsWarnedAbout() {
        TokenSource remote = new TokenSource() {
            @Override
            public TokenSet fetch() {
                return TokenSet.of(CURRENT);
            }

            @Override
            public String description() {
                return "secretsmanager:prod/redis";
            }

            @Override
            public boolean remote() {
                return true;
            }
        };
        try (LogCapture logs = LogCapture.allLevels("io.github.redisauth")) {
            TokenNegotiator.builder(remote).build();
            TokenNegotiator.builder(TokenSources.cached(remote)).build();
            assertThat(logs.messages(ch.qos.logback.classic.Level.WARN)).filteredOn(m -> m.contains("calls a remote service")).hasSize(1)
                    .allMatch(m -> m.contains("secretsmanager:prod/redis") && m.contains("TokenSources.cached"));
        }
    }

    @Test
    void settingsAreValidatedWithTheNameAndTheValue() {
        assertThatThrownBy(() -> TokenNegotiator.builder(source).rejectedRetryInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rejectedRetryInterval=PT-1S: must be zero (always try again) or positive");
        assertThatThrownBy(() -> TokenNegotiator.builder(source).demotionPeriod(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demotionPeriod=PT0S: must be positive");
    }

    @Test
    void theTokenNeverAppearsInTheLog() {
        try (LogCapture logs = LogCapture.allLevels("io.github.redisauth")) {
            server.replies.put(CURRENT, NO_PASSWORD);
            server.accepted = List.of(PREVIOUS);
            negotiator.negotiate("redis:6379", server);
            assertThatThrownBy(() -> TokenNegotiator.builder(source).build().negotiate("redis:6379", new Server()))
                    .isInstanceOf(TokensRejectedException.class);
            assertThat(logs.text()).isNotEmpty().doesNotContain(CURRENT.valueAsString()).doesNotContain(PREVIOUS.valueAsString());
        }
    }
}
