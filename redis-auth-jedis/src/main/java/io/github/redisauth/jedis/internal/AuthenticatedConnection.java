package io.github.redisauth.jedis.internal;

import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Jedis connection that, when a command is answered {@code NOAUTH} (the server got a password
 * after this connection was opened without one), authenticates in place and runs the command again.
 * That is safe for every command: a command refused with NOAUTH was not executed. Only the
 * server's own refusal counts ({@code NOAUTH Authentication required.}, the same text on Redis 2.8
 * to 7.x): an error that merely contains or starts with the word (a Lua
 * {@code redis.error_reply('NOAUTH ...')}, a module's message) comes from a command that did run.
 * Not thread-safe, like every Jedis connection.
 */
final class AuthenticatedConnection extends Connection {

    private final TokenAuthenticator authenticator;
    private final String endpoint;

    AuthenticatedConnection(HostAndPort hostAndPort, JedisClientConfig config, TokenAuthenticator authenticator) {
        super(hostAndPort, config);
        this.authenticator = authenticator;
        this.endpoint = hostAndPort.toString();
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        try {
            return super.executeCommand(command);
        } catch (JedisDataException refused) {
            // The handshake runs inside super's constructor, before the fields are set.
            if (authenticator == null || !isNoauthReply(refused)) {
                throw refused;
            }
            if (!authenticator.authenticateOpenConnection(this, endpoint)) {
                throw refused;
            }
            return super.executeCommand(command);
        }
    }

    /** The refusal's text, as every Redis version sends it (the trailing period left out). */
    static final String NOAUTH_REPLY = "NOAUTH Authentication required";

    /** The server's own refusal, {@code -NOAUTH Authentication required.}, not a message containing the word. */
    static boolean isNoauthReply(JedisDataException reply) {
        String message = reply.getMessage();
        return message != null && message.startsWith(NOAUTH_REPLY);
    }
}
