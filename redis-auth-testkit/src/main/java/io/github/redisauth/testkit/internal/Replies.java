package io.github.redisauth.testkit.internal;

/** The exact reply lines of real servers (measured on 2.8.19, 6.2 and 7.0), with their type byte, without CRLF. */
final class Replies {

    static final String OK = "+OK";
    static final String NOAUTH = "-NOAUTH Authentication required.";
    static final String INVALID_PASSWORD = "-ERR invalid password";
    static final String NO_PASSWORD_PRE_6 = "-ERR Client sent AUTH, but no password is set";
    static final String WRONG_ARITY_AUTH = "-ERR wrong number of arguments for 'auth' command";
    static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.";
    static final String NO_PASSWORD_6 = "-ERR AUTH <password> called without any password configured for the "
            + "default user. Are you sure your configuration is correct?";
    static final String SYNTAX = "-ERR syntax error";
    static final String HELLO_NOAUTH = "-NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
            + "the RESP protocol version at the same time";
    static final String NOPROTO = "-NOPROTO unsupported protocol version";
    static final String HELLO_BAD_VERSION = "-ERR Protocol version is not an integer or out of range";

    private Replies() {
    }

    /** 2.8's reply to an unknown command, with the name as the client sent it. */
    static String unknownCommandPre6(String nameAsSent) {
        return "-ERR unknown command '" + nameAsSent + "'";
    }

    /** 6.2/7's reply to a HELLO option without enough arguments or an unknown one. */
    static String helloSyntax(String optionAsSent) {
        return "-ERR Syntax error in HELLO option '" + optionAsSent + "'";
    }
}
