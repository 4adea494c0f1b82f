package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokenSources;
import io.github.redisauth.lettuce.internal.LettuceSetup;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LettuceAuthConfigTest {

    private static final AuthToken TOKEN = AuthToken.of("AWSCURRENT", "secret-s3ntinel-value-0123456789");

    private static LettuceAuthConfig.Builder valid() {
        return LettuceAuthConfig.builder().endpoint("master.example.cache.amazonaws.com", 6379)
                .tokenSource(TokenSources.fixed(TOKEN));
    }

    @Test
    void defaults() {
        LettuceAuthConfig config = valid().build();
        assertThat(config.tls()).isEqualTo(LettuceAuthConfig.DEFAULT_TLS).isTrue();
        assertThat(config.verifyPeer()).isEqualTo(SslVerifyMode.FULL);
        assertThat(config.allowPlaintextToken()).isFalse();
        assertThat(config.protocolVersion()).isEqualTo(ProtocolVersion.RESP2);
        assertThat(config.sourcePollInterval()).isEqualTo(LettuceAuthConfig.DEFAULT_SOURCE_POLL_INTERVAL);
        assertThat(config.clientResources()).isEmpty();
        assertThat(config.clientOptions()).isEmpty();
        assertThat(config.probeTimeout()).isEqualTo(LettuceAuthConfig.DEFAULT_PROBE_TIMEOUT);
        assertThat(config.demotionPeriod()).isEqualTo(TokenNegotiator.DEFAULT_DEMOTION_PERIOD);
        assertThat(config.rejectedRetryInterval()).isEqualTo(TokenNegotiator.DEFAULT_REJECTED_RETRY_INTERVAL);
        assertThat(config.toString()).contains("master.example.cache.amazonaws.com:6379", "fixed").doesNotContain("s3ntinel");
    }

    @Test
    void plaintextTokenNeedsExplicitPermission() {
        assertThatThrownBy(() -> valid().tls(false).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls=false").hasMessageContaining("allowPlaintextToken=false").hasMessageContaining("allowPlaintextToken(true)");
        assertThat(valid().tls(false).allowPlaintextToken(true).build().tls()).isFalse();
    }

    @Test
    void rejectsBadCombinationsNamingSettingAndValue() {
        assertThatThrownBy(() -> LettuceAuthConfig.builder().tokenSource(TokenSources.fixed(TOKEN)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoints=[]");
        assertThatThrownBy(() -> LettuceAuthConfig.builder().endpoint("h", 6379).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenSource=null");
        assertThatThrownBy(() -> valid().verifyPeer(SslVerifyMode.NONE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verifyPeer=NONE");
        assertThatThrownBy(() -> valid().probeTimeout(Duration.ZERO).build()).hasMessageContaining("probeTimeout=PT0S");
        assertThatThrownBy(() -> valid().sourcePollInterval(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("sourcePollInterval=PT-1S");
        assertThatThrownBy(() -> valid().demotionPeriod(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demotionPeriod=PT0S").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> valid().rejectedRetryInterval(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rejectedRetryInterval=PT-1S").hasMessageContaining("zero").hasMessageContaining("positive");
        assertThat(valid().rejectedRetryInterval(Duration.ZERO).build().rejectedRetryInterval()).as("zero: always try again")
                .isZero();
        assertThatThrownBy(() -> valid().rejectedRetryInterval(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("rejectedRetryInterval");
        assertThatThrownBy(() -> valid().endpoint(RedisURI.create("rediss://h:1")).tls(false).allowPlaintextToken(true).build())
                .hasMessageContaining("h:1").hasMessageContaining("ssl=true").hasMessageContaining("tls=false");
    }

    @Test
    void refusesOptionsThatStopReconnecting() {
        assertThatThrownBy(() -> valid().clientOptions(ClientOptions.builder().autoReconnect(false).build()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientOptions.autoReconnect=false").hasMessageContaining("reconnect");
        assertThatThrownBy(() -> valid().clientOptions(ClientOptions.builder().suspendReconnectOnProtocolFailure(true).build())
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientOptions.suspendReconnectOnProtocolFailure=true").hasMessageContaining("lettuce#3086");
        assertThatThrownBy(() -> valid().clusterClientOptions(ClusterClientOptions.builder().autoReconnect(false).build())
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusterClientOptions.autoReconnect=false");
        assertThatThrownBy(() -> valid().clusterClientOptions(ClusterClientOptions.builder()
                .suspendReconnectOnProtocolFailure(true).build()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusterClientOptions.suspendReconnectOnProtocolFailure=true");
    }

    @Test
    void toBuilderKeepsEverything() {
        LettuceAuthConfig config = valid().verifyPeer(SslVerifyMode.CA).sourcePollInterval(Duration.ZERO)
                .protocolVersion(ProtocolVersion.RESP3).demotionPeriod(Duration.ofMinutes(1))
                .rejectedRetryInterval(Duration.ofSeconds(30)).build();
        LettuceAuthConfig copy = config.toBuilder().build();
        assertThat(copy.demotionPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(copy.rejectedRetryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(copy.endpoints()).hasSize(1);
        assertThat(copy.verifyPeer()).isEqualTo(SslVerifyMode.CA);
        assertThat(copy.sourcePollInterval()).isZero();
        assertThat(copy.protocolVersion()).isEqualTo(ProtocolVersion.RESP3);
        assertThat(copy.tokenSource()).isSameAs(config.tokenSource());
    }

    @Test
    void endpointsGetTlsVerifyModeAndTheProviderButKeepTheirOwnSettings() {
        RedisURI given = RedisURI.builder().withHost("h").withPort(6380).withTimeout(Duration.ofSeconds(7))
                .withClientName("app").withPassword("s3ntinel-static".toCharArray()).build();
        LettuceAuthConfig config = valid().endpoint(given).verifyPeer(SslVerifyMode.CA).build();
        List<RedisURI> uris = LettuceSetup.endpoints(config, io.lettuce.core.RedisCredentialsProvider.from(
                () -> io.lettuce.core.RedisCredentials.just(null, "x")));
        RedisURI uri = uris.get(1);
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.CA);
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(uri.getClientName()).isEqualTo("app");
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword()).containsExactly('x');
    }

    @Test
    void callerOptionsAreKeptExceptProtocolReauthenticationAndSsl() {
        SslOptions ssl = SslOptions.builder().jdkSslProvider().build();
        ClientOptions mine = ClientOptions.builder().pingBeforeActivateConnection(false)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build()).build();
        ClientOptions merged = LettuceSetup.clientOptions(valid().clientOptions(mine).sslOptions(ssl).build());
        assertThat(merged.isPingBeforeActivateConnection()).isFalse();
        assertThat(merged.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(merged.getConfiguredProtocolVersion()).isEqualTo(ProtocolVersion.RESP2);
        assertThat(merged.getReauthenticateBehaviour()).isEqualTo(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
        assertThat(merged.getSslOptions()).isSameAs(ssl);

        ClusterClientOptions cluster = LettuceSetup.clusterClientOptions(valid()
                .clusterClientOptions(ClusterClientOptions.builder().maxRedirects(9).build()).build());
        assertThat(cluster.getMaxRedirects()).isEqualTo(9);
        assertThat(cluster.getConfiguredProtocolVersion()).isEqualTo(ProtocolVersion.RESP2);
        assertThat(cluster.getReauthenticateBehaviour()).isEqualTo(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
    }
}
