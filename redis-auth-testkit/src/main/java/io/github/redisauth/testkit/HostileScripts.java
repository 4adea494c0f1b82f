package io.github.redisauth.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Ready-made {@link ScriptedTlsServer.Script}s of hostile or broken servers, as an attacker or a
 * wrong endpoint behaves after (or instead of) the TLS handshake. Shared by the verifier's and the
 * CLI's tests so that every bound stays tested. Stateless.
 */
public final class HostileScripts {

    /** What a Redis server says to a command sent before AUTH. */
    public static final String NOAUTH = "-NOAUTH Authentication required.\r\n";
    /** What Redis 6+ says to a wrong token. */
    public static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    private HostileScripts() {
    }

    /**
     * Answers every command with {@code reply(command)} (nothing when it returns null).
     *
     * @param reply from the command (name first) to the bytes to send
     * @return the script
     */
    public static ScriptedTlsServer.Script replies(Function<List<String>, byte[]> reply) {
        return connection -> connection.replyToEachCommand(reply);
    }

    /**
     * A Redis-like server: NOAUTH before AUTH, {@code +OK} for {@code token}, WRONGPASS otherwise, PONG
     * after AUTH, and for {@code INFO} whatever {@code info} gives.
     *
     * @param token the token it accepts
     * @param info the reply to INFO, e.g. {@link #bulk(String)}
     * @return the script
     */
    public static ScriptedTlsServer.Script fakeRedis(String token, byte[] info) {
        return redis(token, info, Duration.ZERO);
    }

    /**
     * Like {@link #fakeRedis(String, byte[])} (INFO gives {@code redis_version:7.0.15}), but every reply
     * comes after {@code delay}: a server that answers each step just inside the timeout.
     *
     * @param token the token it accepts
     * @param delay the pause before each reply
     * @return the script
     */
    public static ScriptedTlsServer.Script slowRedis(String token, Duration delay) {
        return redis(token, bulk("# Server\r\nredis_version:7.0.15\r\n"), delay);
    }

    /** A well-behaved Redis with one password, each reply after {@code delay}. */
    private static ScriptedTlsServer.Script redis(String token, byte[] info, Duration delay) {
        return connection -> {
            boolean authenticated = false;
            while (true) {
                List<String> command = connection.readCommand();
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                String name = command.get(0).toUpperCase(Locale.ROOT);
                if (name.equals("AUTH")) {
                    authenticated = command.size() == 2 && command.get(1).equals(token);
                    connection.write(authenticated ? "+OK\r\n" : WRONGPASS);
                } else if (!authenticated) {
                    connection.write(NOAUTH);
                } else if (name.equals("INFO")) {
                    connection.write(info);
                } else {
                    connection.write("+PONG\r\n");
                }
            }
        };
    }

    /**
     * A server that puts {@code token} (the token it accepts) into every error it sends: in the NOAUTH
     * reply, in the rejection of a wrong AUTH (with the argument received), in its reply to PING after
     * AUTH, and to INFO.
     *
     * @param token the token it accepts and echoes
     * @return the script
     */
    public static ScriptedTlsServer.Script echoesToken(String token) {
        return connection -> {
            boolean authenticated = false;
            while (true) {
                List<String> command = connection.readCommand();
                String name = command.get(0).toUpperCase(Locale.ROOT);
                if (name.equals("AUTH")) {
                    String given = command.size() > 1 ? command.get(command.size() - 1) : "";
                    authenticated = given.equals(token);
                    connection.write(authenticated ? "+OK\r\n"
                            : "-WRONGPASS invalid password '" + given + "', expected '" + token + "'\r\n");
                } else if (!authenticated) {
                    connection.write("-NOAUTH Authentication required: send AUTH " + token + "\r\n");
                } else {
                    connection.write("-ERR " + name + " refused for the user with password " + token + "\r\n");
                }
            }
        };
    }

    /**
     * Answers the first command with {@code raw}, then reads and discards until the client leaves.
     *
     * @param raw the bytes, e.g. {@code "*2147483647\r\n"} or {@code "$-5\r\n"}
     * @return the script
     */
    public static ScriptedTlsServer.Script firstReply(String raw) {
        return connection -> {
            connection.readCommand();
            connection.write(raw);
            connection.awaitClose();
        };
    }

    /**
     * Answers the first command with {@code prefix}, then streams {@code chunk} without end (until
     * the client or the server closes): e.g. {@code "*1\r\n"} forever, or a line without CRLF.
     *
     * @param prefix sent once first (may be empty)
     * @param chunk repeated
     * @return the script
     */
    public static ScriptedTlsServer.Script endless(String prefix, String chunk) {
        return connection -> {
            connection.readCommand();
            connection.write(prefix);
            connection.streamForever(chunk.getBytes(StandardCharsets.UTF_8));
        };
    }

    /**
     * Sends {@code banner} on the TCP connection as soon as it is accepted (before any TLS
     * handshake), then reads and discards: an SSH server, for instance.
     *
     * @param banner e.g. {@code "SSH-2.0-OpenSSH_9.6\r\n"}
     * @return the script
     */
    public static ScriptedTlsServer.Script speaksFirst(String banner) {
        return connection -> {
            connection.writeRaw(banner.getBytes(StandardCharsets.UTF_8));
            connection.awaitClose();
        };
    }

    /**
     * Drips a TLS handshake record header and body, one byte per {@code pause}, on the TCP
     * connection as soon as it is accepted (the server speaks first, in TLS).
     *
     * @param pause the pause before each byte
     * @return the script
     */
    public static ScriptedTlsServer.Script dripsTlsRecord(Duration pause) {
        byte[] record = new byte[5 + 64];
        record[0] = 0x16;
        record[1] = 0x03;
        record[2] = 0x03;
        record[3] = 0x00;
        record[4] = 64;
        record[5] = 0x02; // ServerHello, unasked
        return connection -> connection.drip(record, pause, true);
    }

    /**
     * Completes the TLS handshake, then closes without a word.
     *
     * @return the script
     */
    public static ScriptedTlsServer.Script closesAfterHandshake() {
        return connection -> {
            connection.handshake();
            connection.close();
        };
    }

    /**
     * @param text the content
     * @return a RESP bulk string of {@code text} (UTF-8)
     */
    public static byte[] bulk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] header = ("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[header.length + bytes.length + 2];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(bytes, 0, frame, header.length, bytes.length);
        frame[frame.length - 2] = '\r';
        frame[frame.length - 1] = '\n';
        return frame;
    }
}
