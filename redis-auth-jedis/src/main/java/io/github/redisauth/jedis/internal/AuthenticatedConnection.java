package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenNegotiator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Jedis connection that, when a command is answered {@code NOAUTH} (the server got a password
 * after this connection was opened without one), tells the {@link TokenNegotiator} so, authenticates in
 * place through a negotiation on this very connection (an attempt is an {@code AUTH} with one token;
 * "no AUTH" is a {@code PING}) and runs the command again. That is safe for every command: a command
 * refused with NOAUTH was not executed. Only the server's own refusal counts
 * ({@code NOAUTH Authentication required.}, the same text on Redis 2.8 to 7.x): an error that merely
 * contains or starts with the word (a Lua {@code redis.error_reply('NOAUTH ...')}, a module's message)
 * comes from a command that did run. A command that fails with a connection error is not re-run (it may
 * have run); it tells the pool's {@link BorrowValidation}, so the pool's other connections answer a
 * {@code PING} before they are handed out. Not thread-safe, like every Jedis connection.
 */
final class AuthenticatedConnection extends Connection {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatedConnection.class);

    /** The refusal's text, as every Redis version sends it (the trailing period left out). */
    static final String NOAUTH_REPLY = "NOAUTH Authentication required";

    private final TokenNegotiator negotiator;
    private final String endpoint;
    private final BorrowValidation validation;

    AuthenticatedConnection(HostAndPort hostAndPort, JedisClientConfig config, TokenNegotiator negotiator,
            BorrowValidation validation) {
        super(hostAndPort, config);
        this.negotiator = negotiator;
        this.endpoint = hostAndPort.toString();
        this.validation = validation;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        try {
            return super.executeCommand(command);
        } catch (JedisConnectionException lost) {
            // Whatever killed this connection (CLIENT KILL, a restart) most likely took the idle ones with it:
            // they answer a PING before they are handed out. This command itself may have run: not re-run.
            if (validation != null) {
                validation.connectionLost();
            }
            throw lost;
        } catch (JedisDataException refused) {
            // The handshake runs inside super's constructor, before the fields are set.
            if (negotiator == null || !isNoauthReply(refused)) {
                throw refused;
            }
            authenticateInPlace(refused);
            return super.executeCommand(command);
        }
    }

    /**
     * @throws RuntimeException the negotiation's failure, unchanged: {@link io.github.redisauth.TokensRejectedException},
     *     or the connection's own failure (e.g. killed meanwhile), which says nothing about authentication
     */
    private void authenticateInPlace(JedisDataException refused) {
        negotiator.serverAskedForToken("a connection to " + endpoint + " opened without AUTH");
        log.debug("redis-auth: a connection to {} answered {}; authenticating it in place", endpoint, refused.getMessage());
        TokenNegotiator.Negotiated<Boolean> negotiated = negotiator.negotiate(endpoint, this::authenticate);
        AuthToken token = negotiated.token();
        if (token != null) {
            negotiator.recordReauthentication(token);
            log.info("redis-auth: an open connection to {} answered NOAUTH; authenticated it in place with {}#{}",
                    endpoint, token.label(), token.fingerprint());
        }
    }

    /** One attempt on this connection: {@code AUTH token}, or {@code PING} for "no AUTH". */
    private Boolean authenticate(AuthToken token) {
        if (token == null) {
            return ping();
        }
        byte[] value = encode(token.value());
        try {
            sendCommand(Protocol.Command.AUTH, value);
            getStatusCodeReply();
            return Boolean.TRUE;
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    /** The token's bytes; wipes the char copy and the encoder's buffer (the caller wipes the result). */
    private static byte[] encode(char[] value) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            return out;
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /** The server's own refusal, {@code -NOAUTH Authentication required.}, not a message containing the word. */
    static boolean isNoauthReply(JedisDataException reply) {
        String message = reply.getMessage();
        return message != null && message.startsWith(NOAUTH_REPLY);
    }
}
