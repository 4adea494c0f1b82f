package io.github.redisauth.lettuce;

/** The server operations the integration tests need, whatever starts the server. */
interface TestServer extends AutoCloseable {

    String name();

    String host();

    int port();

    /** @return true when two passwords can be accepted at once (Redis 6+ ACL) */
    boolean supportsTwoPasswords();

    /** @param passwords none: no password */
    void setPasswords(String... passwords);

    /** Kills every application connection. */
    void killClients();

    @Override
    void close();

    /** Adapts a testkit server (2.8 behind its TLS front, 6.2, 7.x). */
    static TestServer of(io.github.redisauth.testkit.RedisServer server) {
        return new TestServer() {
            @Override
            public String name() {
                return "redis-" + server.versionString();
            }

            @Override
            public String host() {
                return server.host();
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public boolean supportsTwoPasswords() {
                return server.version().supportsAcl();
            }

            @Override
            public void setPasswords(String... passwords) {
                server.setPasswords(passwords);
            }

            @Override
            public void killClients() {
                server.killClients();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
