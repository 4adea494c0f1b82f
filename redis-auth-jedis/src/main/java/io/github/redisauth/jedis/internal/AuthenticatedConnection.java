package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Jedis connection that, when a command is answered {@code NOAUTH} (the server got a password
 * after this connection was opened without one), authenticates in place and runs the command again.
 * That is safe for every command: a command refused with NOAUTH was not executed.
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
            if (authenticator == null || ReplyClassifier.classify(refused) != AuthReply.AUTH_REQUIRED) {
                throw refused;
            }
            if (!authenticator.authenticateOpenConnection(this, endpoint)) {
                throw refused;
            }
            return super.executeCommand(command);
        }
    }
}
