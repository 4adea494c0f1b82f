package io.github.redisauth.testkit.internal;

import io.github.redisauth.testkit.RespClient;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The testkit's own plaintext connection to a server's admin port on 127.0.0.1. On Redis 6+ it
 * logs in as a dedicated ACL user; on 2.8 with the current {@code requirepass}. Reconnects once
 * when the connection broke. Not thread-safe (the owning server serializes calls).
 */
public final class AdminConnection implements AutoCloseable {

    /** Client name shown in CLIENT LIST. */
    public static final String CLIENT_NAME = "redis-auth-testkit-admin";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final int port;
    private final String aclUserOrNull;
    private final String aclPassword;
    private final Supplier<String> requirepass;
    private RespClient client;

    /**
     * @param aclUserOrNull the ACL user (Redis 6+), or {@code null} to use {@code requirepass}
     * @param requirepass the current requirepass (null or empty = none), for Redis 2.8
     */
    public AdminConnection(int port, String aclUserOrNull, String aclPassword, Supplier<String> requirepass) {
        this.port = port;
        this.aclUserOrNull = aclUserOrNull;
        this.aclPassword = aclPassword;
        this.requirepass = requirepass;
    }

    /** (Re)connects and authenticates; throws IOException while the server does not answer yet. */
    public void connect() throws IOException {
        close();
        RespClient c = RespClient.connect("127.0.0.1", port, null, TIMEOUT);
        try {
            if (aclUserOrNull != null) {
                c.command("AUTH", aclUserOrNull, aclPassword);
            } else {
                String pw = requirepass.get();
                if (pw != null && !pw.isEmpty()) {
                    c.command("AUTH", pw);
                }
            }
            c.command("PING");
            c.command("CLIENT", "SETNAME", CLIENT_NAME);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        client = c;
    }

    /**
     * One command; reconnects once when the connection broke.
     *
     * @throws IllegalStateException when the server cannot be reached (message names only the
     *         command, never its arguments)
     * @throws io.github.redisauth.testkit.RespErrorException for an error reply
     */
    public Object command(String... args) {
        try {
            if (client == null) {
                connect();
            }
            try {
                return client.command(args);
            } catch (IOException e) {
                connect();
                return client.command(args);
            }
        } catch (IOException e) {
            throw new IllegalStateException("admin connection to 127.0.0.1:" + port + " failed during "
                    + args[0] + (args.length > 1 ? " " + args[1] : "") + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connection; idempotent. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
