package io.github.redisauth.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal blocking RESP2 client over one TCP or TLS connection, for tests and for the
 * testkit's admin connection.
 *
 * <p>Replies map to: simple string → {@link String}; integer → {@link Long}; bulk string →
 * {@link String} (UTF-8) or {@code null}; array → {@link List} (or {@code null}); error →
 * {@link RespErrorException} thrown. Every read has the socket timeout given at connect.
 *
 * <p>Neither {@link #toString()} nor any exception message contains command arguments (only
 * the command name), so passwords sent with AUTH, ACL or CONFIG never leak.
 *
 * <p>Not thread-safe: one thread at a time per instance.
 */
public final class RespClient implements AutoCloseable {

    private final String host;
    private final int port;
    private final boolean tls;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(String host, int port, boolean tls, Socket socket) throws IOException {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /**
     * Connects, and with TLS completes the handshake with hostname verification (HTTPS rules)
     * against {@code host}.
     *
     * @param host host name to connect to and to verify the certificate against
     * @param port TCP port
     * @param sslOrNull TLS context, or {@code null} for plaintext
     * @param timeout connect timeout, and the read timeout of every later reply
     * @return a connected client; the caller closes it
     * @throws IOException when the connection or the TLS handshake fails
     *         ({@link javax.net.ssl.SSLException} for TLS failures)
     */
    public static RespClient connect(String host, int port, SSLContext sslOrNull, Duration timeout) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            plain.setTcpNoDelay(true);
            if (sslOrNull == null) {
                return new RespClient(host, port, false, plain);
            }
            SSLSocket ssl = (SSLSocket) sslOrNull.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(millis);
            ssl.startHandshake();
            return new RespClient(host, port, true, ssl);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Sends one command and reads its reply.
     *
     * @param args the command name and its arguments, sent as RESP bulk strings (UTF-8)
     * @return the reply, mapped as described in the class comment
     * @throws RespErrorException for an error reply
     * @throws EOFException when the server closed the connection
     * @throws java.net.SocketTimeoutException when no reply came within the timeout
     * @throws IOException for other I/O failures
     */
    public Object command(String... args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        String name = args[0].toUpperCase(Locale.ROOT);
        try {
            write(args);
            return read();
        } catch (EOFException e) {
            throw new EOFException("connection closed by " + host + ":" + port + " during " + name);
        } catch (IOException e) {
            IOException wrapped = new IOException(e.getClass().getSimpleName() + " during " + name + " on "
                    + host + ":" + port + ": " + e.getMessage());
            wrapped.setStackTrace(e.getStackTrace());
            throw wrapped;
        }
    }

    private void write(String[] args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = Objects.requireNonNull(a, "argument").getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RespErrorException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len + 2);
                if (data.length < len + 2) {
                    throw new EOFException();
                }
                return new String(data, 0, len, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    try {
                        items.add(read());
                    } catch (RespErrorException e) {
                        items.add(e);
                    }
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            if (prev == '\r' && c == '\n') {
                byte[] b = line.toByteArray();
                return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
            }
            line.write(c);
            prev = c;
        }
    }

    /** {@return whether {@link #close()} has not been called (says nothing about the server side)} */
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /** Closes the connection. Idempotent; never throws. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** {@code RespClient[host:port, tls|plain]}: never arguments or passwords. */
    @Override
    public String toString() {
        return "RespClient[" + host + ":" + port + ", " + (tls ? "tls" : "plain") + "]";
    }
}
