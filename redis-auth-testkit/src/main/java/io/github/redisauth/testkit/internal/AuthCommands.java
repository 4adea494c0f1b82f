package io.github.redisauth.testkit.internal;

import io.github.redisauth.testkit.GatewayDialect;
import io.github.redisauth.testkit.GatewayState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides, for one client command, whether the gateway answers it (AUTH, HELLO's AUTH part,
 * commands before authentication) or forwards it to the backend; updates the connection's
 * authenticated flag. Pure logic: no I/O. Not thread-safe (one per connection, used on its
 * event loop).
 */
final class AuthCommands {

    /** What to do with a command. */
    record Decision(String localReply, byte[] rewritten) {
        static final Decision FORWARD = new Decision(null, null);

        static Decision reply(String line) {
            return new Decision(line, null);
        }

        boolean forward() {
            return localReply == null;
        }
    }

    private final GatewayDialect dialect;
    private final boolean backendPre6;
    private boolean authenticated;

    AuthCommands(GatewayDialect dialect, boolean backendPre6) {
        this.dialect = dialect;
        this.backendPre6 = backendPre6;
    }

    /** {@return whether this connection has authenticated successfully (and not lost it since)} */
    boolean authenticated() {
        return authenticated;
    }

    Decision decide(RespRequest request, TokenConfig tokens) {
        switch (request.name()) {
            case "AUTH":
                return dialect == GatewayDialect.PRE_6 ? authPre6(request, tokens) : auth6(request, tokens);
            case "HELLO":
                return dialect == GatewayDialect.PRE_6 ? helloPre6(request) : hello6(request, tokens);
            case "QUIT":
                return Decision.FORWARD;
            default:
                return tokens.authRequired() && !authenticated ? Decision.reply(Replies.NOAUTH) : Decision.FORWARD;
        }
    }

    private Decision authPre6(RespRequest r, TokenConfig tokens) {
        if (r.args().size() != 2) {
            return Decision.reply(Replies.WRONG_ARITY_AUTH);
        }
        if (tokens.state() == GatewayState.NO_TOKEN) {
            return Decision.reply(Replies.NO_PASSWORD_PRE_6);
        }
        // Redis 2.8 authCommand: a wrong password also clears the authenticated flag
        authenticated = tokens.accepts(r.args().get(1));
        return Decision.reply(authenticated ? Replies.OK : Replies.INVALID_PASSWORD);
    }

    private Decision auth6(RespRequest r, TokenConfig tokens) {
        int n = r.args().size();
        if (n < 2) {
            return Decision.reply(Replies.WRONG_ARITY_AUTH);
        }
        if (n > 3) {
            return Decision.reply(Replies.SYNTAX);
        }
        if (n == 2 && tokens.state() == GatewayState.NO_TOKEN) {
            return Decision.reply(Replies.NO_PASSWORD_6);
        }
        byte[] user = n == 3 ? r.args().get(1) : "default".getBytes(StandardCharsets.US_ASCII);
        return credentialsOk(user, r.args().get(n - 1), tokens) ? Decision.reply(Replies.OK)
                : Decision.reply(Replies.WRONGPASS);
    }

    /** Redis 6+: the default user; with no token it is "nopass" and any password is accepted. */
    private boolean credentialsOk(byte[] user, byte[] password, TokenConfig tokens) {
        boolean ok = "default".equals(new String(user, StandardCharsets.UTF_8))
                && (tokens.state() == GatewayState.NO_TOKEN || tokens.accepts(password));
        if (ok) {
            authenticated = true; // a failed attempt keeps the previous login (Redis 6+)
        }
        return ok;
    }

    private Decision helloPre6(RespRequest r) {
        // a 2.8 backend gives its own reply; anything newer would understand HELLO, so answer as 2.8 does
        return backendPre6 ? Decision.FORWARD : Decision.reply(Replies.unknownCommandPre6(r.arg(0)));
    }

    private Decision hello6(RespRequest r, TokenConfig tokens) {
        List<byte[]> args = r.args();
        List<byte[]> forwarded = new ArrayList<>();
        forwarded.add(args.get(0));
        byte[] user = null;
        byte[] password = null;
        if (args.size() > 1) {
            long version;
            try {
                version = Long.parseLong(r.arg(1));
            } catch (NumberFormatException e) {
                return Decision.reply(Replies.HELLO_BAD_VERSION);
            }
            if (version < 2 || version > 3) {
                return Decision.reply(Replies.NOPROTO);
            }
            forwarded.add(args.get(1));
            for (int i = 2; i < args.size(); i++) {
                String option = r.arg(i).toUpperCase(Locale.ROOT);
                int more = args.size() - i - 1;
                if (option.equals("AUTH") && more >= 2) {
                    user = args.get(i + 1);
                    password = args.get(i + 2);
                    i += 2;
                } else if (option.equals("SETNAME") && more >= 1) {
                    forwarded.add(args.get(i));
                    forwarded.add(args.get(i + 1));
                    i += 1;
                } else {
                    return Decision.reply(Replies.helloSyntax(r.arg(i)));
                }
            }
        }
        if (user != null && !credentialsOk(user, password, tokens)) {
            return Decision.reply(Replies.WRONGPASS);
        }
        if (tokens.authRequired() && !authenticated) {
            return Decision.reply(Replies.HELLO_NOAUTH);
        }
        return user == null ? Decision.FORWARD : new Decision(null, encode(forwarded));
    }

    static byte[] encode(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }
}
