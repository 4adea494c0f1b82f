package io.github.redisauth.testkit;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A hostile (or merely odd) server on loopback for tests of clients and of the verifier: for each
 * accepted connection it runs a {@link Script} the test gives, on a thread of its own. The script
 * decides everything: speak first, reply to the Nth command with given bytes, stream bytes without
 * end, drip bytes slowly, answer late, echo the AUTH argument in an error, close after the handshake.
 *
 * <p>With TLS ({@link #tls(ServerCertificate, Script)}) the connection starts as plain TCP, so a
 * script can {@linkplain ScriptedConnection#writeRaw(byte[]) send raw bytes before the handshake};
 * the handshake runs (JDK TLS, the given certificate) on the first
 * {@linkplain ScriptedConnection#readCommand() read} or {@linkplain ScriptedConnection#write(byte[]) write}.
 *
 * <pre>{@code
 * try (ScriptedTlsServer server = ScriptedTlsServer.tls(TestCertificates.shared().server(),
 *         connection -> connection.replyToEachCommand(command -> "*1\r\n".repeat(100_000)))) {
 *     ... connect to server.host():server.port() ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the listening socket and every connection, which ends every script
 * (their next read or write fails). Thread-safe.
 */
public final class ScriptedTlsServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        /**
         * Runs on the connection's own thread; returning closes the connection.
         *
         * @param connection the accepted connection
         * @throws Exception anything: the connection is closed (a script ends this way when the client leaves)
         */
        void run(ScriptedConnection connection) throws Exception;
    }

    private final ServerSocket listener;
    private final SSLContext tls;
    private final Script script;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private ScriptedTlsServer(SSLContext tls, Script script) {
        this.tls = tls;
        this.script = Objects.requireNonNull(script, "script");
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
        acceptor = new Thread(this::acceptLoop, "scripted-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a TLS server.
     *
     * @param certificate the server certificate (e.g. {@code TestCertificates.shared().server()})
     * @param script what to do with each connection
     * @return the running server
     */
    public static ScriptedTlsServer tls(ServerCertificate certificate, Script script) {
        return new ScriptedTlsServer(sslContext(certificate), script);
    }

    /**
     * Starts a plaintext server.
     *
     * @param script what to do with each connection
     * @return the running server
     */
    public static ScriptedTlsServer plaintext(Script script) {
        return new ScriptedTlsServer(null, script);
    }

    /** @return the host to connect to: {@code localhost} (the test certificates name it) */
    public String host() {
        return "localhost";
    }

    /** @return the listening port */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return whether connections use TLS */
    public boolean isTls() {
        return tls != null;
    }

    /** @return how many connections were accepted so far */
    public int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(socket);
            int number = accepted.incrementAndGet();
            Thread worker = new Thread(() -> serve(socket), "scripted-server-" + port() + "-connection-" + number);
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        ScriptedConnection connection = new ScriptedConnection(socket, tls, () -> closed);
        try {
            script.run(connection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // the client left, the server closed, or the script gave up: the connection ends either way
        } finally {
            connection.close();
            connections.remove(socket);
        }
    }

    /** Stops accepting and closes every connection, ending every script. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return e.g. {@code ScriptedTlsServer[localhost:40123, tls]} */
    @Override
    public String toString() {
        return "ScriptedTlsServer[" + host() + ":" + port() + (tls != null ? ", tls" : ", plaintext") + "]";
    }

    private static SSLContext sslContext(ServerCertificate certificate) {
        try {
            var context = SslContextBuilder.forServer(certificate.chain().toFile(), certificate.privateKey().toFile())
                    .sslProvider(SslProvider.JDK).build();
            return ((JdkSslContext) context).context();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS context from " + certificate + ": " + e.getMessage(), e);
        }
    }
}
