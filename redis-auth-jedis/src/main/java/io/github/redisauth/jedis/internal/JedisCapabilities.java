package io.github.redisauth.jedis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * What the Jedis on the classpath offers, found once (class and method look-ups, cached in constants) and
 * never by calling something that may be missing: the module is compiled against the newest Jedis line and
 * must not throw a linkage error on an older one. Every API the module calls that is not in every supported
 * line (6.0 to 8.0) is checked here first. Thread-safe (immutable after class initialisation).
 */
public final class JedisCapabilities {

    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();
    private static final ClassLoader JEDIS_LOADER = UnifiedJedis.class.getClassLoader();

    private static final String VERSION = detectVersion();
    /** {@code DefaultJedisClientConfig.Builder#autoNegotiateProtocol(boolean)}: Jedis 8 and later. */
    private static final MethodHandle AUTO_NEGOTIATE = findAutoNegotiate();
    private static final boolean REDIS_CLIENT = redisClientUsable();
    private static final boolean REDIS_CLUSTER_CLIENT = redisClusterClientUsable();
    /** The protected {@code UnifiedJedis(ConnectionProvider, RedisProtocol)}: Jedis 6.0 to 8.0 at least. */
    private static final boolean UNIFIED_WITH_PROTOCOL = constructorPresent(UnifiedJedis.class, true,
            ConnectionProvider.class, RedisProtocol.class);
    /** {@code JedisCluster(ClusterConnectionProvider, int, Duration)}: Jedis 6.0 to 8.0 (deprecated in 8). */
    private static final boolean JEDIS_CLUSTER = constructorPresent(load("redis.clients.jedis.JedisCluster"), false,
            ClusterConnectionProvider.class, int.class, Duration.class);

    private JedisCapabilities() {
    }

    /** @return the Jedis version on the classpath, e.g. {@code 7.0.0}, or {@code unknown} */
    public static String jedisVersion() {
        return VERSION;
    }

    /** @return true when {@code redis.clients.jedis.RedisClient} and the builder calls the module makes exist */
    public static boolean hasRedisClient() {
        return REDIS_CLIENT;
    }

    /** @return true when {@code redis.clients.jedis.RedisClusterClient} and the builder calls the module makes exist */
    public static boolean hasRedisClusterClient() {
        return REDIS_CLUSTER_CLIENT;
    }

    /** @return true when Jedis negotiates the protocol itself unless told not to (Jedis 8) */
    public static boolean negotiatesProtocol() {
        return AUTO_NEGOTIATE != null;
    }

    /** @return true when a pooled {@code UnifiedJedis} with a pinned protocol can be built on this line */
    static boolean hasUnifiedWithProtocol() {
        return UNIFIED_WITH_PROTOCOL;
    }

    /** @return true when {@code JedisCluster} can be built over a cluster connection provider on this line */
    static boolean hasJedisClusterOverProvider() {
        return JEDIS_CLUSTER;
    }

    /**
     * Makes a configuration send exactly what its protocol setting says: nothing but a plain {@code AUTH} for
     * protocol null. Jedis 8 would otherwise send {@code HELLO 3 AUTH} for null (its protocol auto-negotiation,
     * on by default); Jedis 6 and 7 have no auto-negotiation and already do so.
     *
     * @param builder a builder
     * @return the same builder
     */
    static DefaultJedisClientConfig.Builder withoutProtocolNegotiation(DefaultJedisClientConfig.Builder builder) {
        if (AUTO_NEGOTIATE == null) {
            return builder;
        }
        try {
            return (DefaultJedisClientConfig.Builder) AUTO_NEGOTIATE.invokeExact(builder, false);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("DefaultJedisClientConfig.Builder.autoNegotiateProtocol(false) failed", e);
        }
    }

    /**
     * The message of the {@link UnsupportedOperationException} a method that needs a newer Jedis line throws.
     *
     * @param method the method called, e.g. {@code createRedisClient()}
     * @param missing what is missing, e.g. {@code redis.clients.jedis.RedisClient}
     * @param alternative the method that works on every line
     * @return the message
     */
    public static String unsupported(String method, String missing, String alternative) {
        return method + " needs " + missing + ", which Jedis " + VERSION + " on the classpath does not have"
                + " (added in Jedis 7.2). Use " + alternative
                + ", which works on every Jedis line from 6.0, or upgrade Jedis.";
    }

    /** From the {@code pom.properties} Jedis ships next to its classes (its own {@code JedisMetaInfo} reads it too). */
    private static String detectVersion() {
        try (InputStream in = UnifiedJedis.class.getResourceAsStream("pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through to the jar manifest
        }
        Package jedisPackage = UnifiedJedis.class.getPackage();
        String version = jedisPackage == null ? null : jedisPackage.getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    private static MethodHandle findAutoNegotiate() {
        try {
            return PUBLIC.findVirtual(DefaultJedisClientConfig.Builder.class, "autoNegotiateProtocol",
                    MethodType.methodType(DefaultJedisClientConfig.Builder.class, boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException absent) {
            return null;
        }
    }

    /** Every call {@code RedisClients} makes on {@code RedisClient}, with the descriptors it was compiled with. */
    private static boolean redisClientUsable() {
        Class<?> client = load("redis.clients.jedis.RedisClient");
        Class<?> builder = load("redis.clients.jedis.RedisClient$Builder");
        Class<?> abstractBuilder = load("redis.clients.jedis.builders.AbstractClientBuilder");
        return client != null && builder != null && abstractBuilder != null
                && UnifiedJedis.class.isAssignableFrom(client)
                && staticPresent(client, "builder", builder)
                && virtualPresent(builder, "connectionProvider", abstractBuilder, ConnectionProvider.class)
                && virtualPresent(builder, "clientConfig", abstractBuilder, JedisClientConfig.class)
                && virtualPresent(builder, "build", Object.class);
    }

    /** Every call {@code RedisClients} makes on {@code RedisClusterClient}, with the descriptors it was compiled with. */
    private static boolean redisClusterClientUsable() {
        Class<?> client = load("redis.clients.jedis.RedisClusterClient");
        Class<?> builder = load("redis.clients.jedis.RedisClusterClient$Builder");
        Class<?> clusterBuilder = load("redis.clients.jedis.builders.ClusterClientBuilder");
        Class<?> abstractBuilder = load("redis.clients.jedis.builders.AbstractClientBuilder");
        return client != null && builder != null && clusterBuilder != null && abstractBuilder != null
                && UnifiedJedis.class.isAssignableFrom(client)
                && staticPresent(client, "builder", builder)
                && virtualPresent(builder, "nodes", clusterBuilder, Set.class)
                && virtualPresent(clusterBuilder, "maxAttempts", clusterBuilder, int.class)
                && virtualPresent(clusterBuilder, "connectionProvider", abstractBuilder, ConnectionProvider.class)
                && virtualPresent(clusterBuilder, "clientConfig", abstractBuilder, JedisClientConfig.class)
                && virtualPresent(clusterBuilder, "build", Object.class);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, JEDIS_LOADER);
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    private static boolean staticPresent(Class<?> owner, String name, Class<?> returns, Class<?>... parameters) {
        try {
            PUBLIC.findStatic(owner, name, MethodType.methodType(returns, parameters));
            return true;
        } catch (NoSuchMethodException | IllegalAccessException | LinkageError absent) {
            return false;
        }
    }

    private static boolean virtualPresent(Class<?> owner, String name, Class<?> returns, Class<?>... parameters) {
        try {
            PUBLIC.findVirtual(owner, name, MethodType.methodType(returns, parameters));
            return true;
        } catch (NoSuchMethodException | IllegalAccessException | LinkageError absent) {
            return false;
        }
    }

    /** A constructor with these parameters: public, or protected when {@code forSubclass}. */
    private static boolean constructorPresent(Class<?> owner, boolean forSubclass, Class<?>... parameters) {
        if (owner == null) {
            return false;
        }
        try {
            Constructor<?> constructor = owner.getDeclaredConstructor(parameters);
            int modifiers = constructor.getModifiers();
            return Modifier.isPublic(modifiers) || (forSubclass && Modifier.isProtected(modifiers));
        } catch (NoSuchMethodException | LinkageError absent) {
            return false;
        }
    }
}
