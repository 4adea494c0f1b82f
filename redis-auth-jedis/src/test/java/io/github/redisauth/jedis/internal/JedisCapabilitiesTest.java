package io.github.redisauth.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;

/**
 * What {@link JedisCapabilities} finds matches the Jedis line on the classpath, and the derived connection
 * configurations ask for a plain {@code AUTH} on every line. Compiles on every line: what some lines lack is
 * looked up by reflection.
 */
class JedisCapabilitiesTest {

    @Test
    void theCapabilitiesMatchTheLine() throws Exception {
        java.util.Properties pom = new java.util.Properties();
        try (var in = redis.clients.jedis.Jedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            pom.load(in);
        }
        assertThat(JedisCapabilities.jedisVersion()).isEqualTo(pom.getProperty("version")).isNotBlank();
        assertThat(JedisCapabilities.hasRedisClient()).isEqualTo(present("redis.clients.jedis.RedisClient"));
        assertThat(JedisCapabilities.hasRedisClusterClient()).isEqualTo(present("redis.clients.jedis.RedisClusterClient"));
        assertThat(JedisCapabilities.negotiatesProtocol()).isEqualTo(autoNegotiationGetter() != null);
        assertThat(JedisCapabilities.hasUnifiedWithProtocol()).as("UnifiedJedis(ConnectionProvider, RedisProtocol)").isTrue();
        assertThat(JedisCapabilities.hasJedisClusterOverProvider()).as("JedisCluster(ClusterConnectionProvider, ..)").isTrue();
        System.out.printf("[jedis %s] RedisClient=%s RedisClusterClient=%s protocol auto-negotiation=%s%n",
                JedisCapabilities.jedisVersion(), JedisCapabilities.hasRedisClient(),
                JedisCapabilities.hasRedisClusterClient(), JedisCapabilities.negotiatesProtocol());
    }

    @Test
    void connectionsAskForNoProtocolAndNeverNegotiateOne() throws Exception {
        ClientConfigs configs = new ClientConfigs(DefaultJedisClientConfig.builder().build(), false, null, false, null);
        for (JedisClientConfig config : new JedisClientConfig[] {
                configs.connection(AuthToken.of("AWSCURRENT", "Sntl7qCurrentToken00000001")), configs.connection(null)}) {
            assertThat(config.getRedisProtocol()).isNull();
            Method autoNegotiation = autoNegotiationGetter();
            if (autoNegotiation != null) {
                assertThat(autoNegotiation.invoke(config)).as("Jedis 8's HELLO auto-negotiation").isEqualTo(false);
            }
        }
        assertThat(configs.client().getRedisProtocol()).isEqualTo(RedisProtocol.RESP2);
    }

    @Test
    void anExplicitProtocolIsKept() {
        ClientConfigs configs = new ClientConfigs(DefaultJedisClientConfig.builder().build(), false, null, false,
                RedisProtocol.RESP3);
        assertThat(configs.connection(null).getRedisProtocol()).isEqualTo(RedisProtocol.RESP3);
        assertThat(configs.client().getRedisProtocol()).isEqualTo(RedisProtocol.RESP3);
    }

    private static Method autoNegotiationGetter() {
        try {
            return JedisClientConfig.class.getMethod("isAutoNegotiateProtocol");
        } catch (NoSuchMethodException absent) {
            return null;
        }
    }

    private static boolean present(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }
}
