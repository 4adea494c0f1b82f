package io.github.redisauth.testkit;

import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link RedisServer} before all tests of a class and stops
 * it after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static RedisServerExtension redis = RedisServerExtension.of(
 *         RedisServer.builder(RedisVersion.V6_2).tls(true).password("sentinel-Token-16chars"));
 *
 * @Test void works(RedisServer server) { ... }   // or redis.server()
 * }</pre>
 *
 * <p>When the version is unavailable on this machine, the whole class is skipped (JUnit
 * assumption) with the reason, which is also printed to stderr. Register it as a {@code static}
 * field. Resolves test method and constructor parameters of type {@link RedisServer}.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final RedisServer.Builder builder;
    private volatile RedisServer server;

    private RedisServerExtension(RedisServer.Builder builder) {
        this.builder = builder;
    }

    /**
     * An extension that will start a server from this builder before all tests.
     *
     * @param builder configured builder; its {@code start()} is called in {@code beforeAll}
     * @return the extension, to be held in a {@code static} {@code @RegisterExtension} field
     */
    public static RedisServerExtension of(RedisServer.Builder builder) {
        return new RedisServerExtension(Objects.requireNonNull(builder, "builder"));
    }

    /**
     * The running server.
     *
     * @return the server started in {@code beforeAll}
     * @throws IllegalStateException outside the class's tests (before beforeAll, after afterAll)
     */
    public RedisServer server() {
        RedisServer s = server;
        if (s == null) {
            throw new IllegalStateException("the server runs only during the tests of the class; "
                    + "register the extension on a static field");
        }
        return s;
    }

    /** Starts the server, or aborts the class with the reason when the version is unavailable. */
    @Override
    public void beforeAll(ExtensionContext context) {
        RedisVersion version = builder.version();
        if (!version.isAvailable()) {
            String reason = version.unavailableReason().orElse("unavailable");
            System.err.println("[redis-auth-testkit] skipping " + context.getDisplayName() + ": " + reason);
            Assumptions.abort(reason);
        }
        server = builder.start();
    }

    /** Stops the server. */
    @Override
    public void afterAll(ExtensionContext context) {
        RedisServer s = server;
        server = null;
        if (s != null) {
            s.stop();
        }
    }

    /** Supports parameters of type {@link RedisServer}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServer.class;
    }

    /** The running server. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        RedisServer s = server;
        if (s == null) {
            throw new ParameterResolutionException("no running RedisServer (is the extension static?)");
        }
        return s;
    }
}
