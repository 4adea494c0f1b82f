package io.github.redisauth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One connection accepted by a {@link ScriptedTlsServer}, as its {@link ScriptedTlsServer.Script}
 * sees it. Reads RESP commands (bounded: at most 16 arguments of 64 KiB), writes whatever bytes the
 * script wants, when it wants. With TLS the handshake runs on the first {@link #readCommand()},
 * {@link #write(byte[])} or {@link #handshake()}; {@link #writeRaw(byte[])} writes on the TCP
 * connection underneath (before the handshake, as a server that speaks first). Used by one thread.
 */
public final class ScriptedConnection {

    private static final int MAX_ARGUMENTS = 16;
    private static final int MAX_ARGUMENT_BYTES = 64 * 1024;

    private final Socket plain;
    private final SSLContext tls;
    private final BooleanSupplier serverClosed;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int commands;

    ScriptedConnection(Socket plain, SSLContext tls, BooleanSupplier serverClosed) {
        this.plain = plain;
        this.tls = tls;
        this.serverClosed = serverClosed;
    }

    /**
     * Runs the TLS handshake now (nothing for a plaintext server).
     *
     * @throws IOException when the handshake fails
     */
    public void handshake() throws IOException {
        if (socket != null) {
            return;
        }
        if (tls != null) {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            socket = secure;
        } else {
            socket = plain;
        }
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * Reads one RESP command (an array of bulk strings).
     *
     * @return the command and its arguments, the name as sent
     * @throws EOFException when the client closed
     * @throws IOException when the read fails or the input is not a command
     */
    public List<String> readCommand() throws IOException {
        handshake();
        String header = line();
        if (!header.startsWith("*")) {
            throw new IOException("not a RESP command");
        }
        int count = Integer.parseInt(header.substring(1));
        if (count < 1 || count > MAX_ARGUMENTS) {
            throw new IOException("too many arguments");
        }
        List<String> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String length = line();
            int size = Integer.parseInt(length.substring(1));
            if (!length.startsWith("$") || size < 0 || size > MAX_ARGUMENT_BYTES) {
                throw new IOException("bad bulk length");
            }
            byte[] value = in.readNBytes(size + 2);
            if (value.length < size + 2) {
                throw new EOFException();
            }
            arguments.add(new String(value, 0, size, StandardCharsets.UTF_8));
        }
        commands++;
        return arguments;
    }

    /** @return how many commands were read so far on this connection */
    public int commandsRead() {
        return commands;
    }

    /**
     * Writes bytes (after the handshake, with TLS).
     *
     * @param bytes what to send
     * @throws IOException when the client is gone
     */
    public void write(byte[] bytes) throws IOException {
        handshake();
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes text as UTF-8 (after the handshake, with TLS).
     *
     * @param text e.g. {@code "+PONG\r\n"}
     * @throws IOException when the client is gone
     */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes on the TCP connection underneath TLS (before or instead of the handshake).
     *
     * @param bytes what to send, e.g. an SSH banner
     * @throws IOException when the client is gone
     */
    public void writeRaw(byte[] bytes) throws IOException {
        OutputStream raw = plain.getOutputStream();
        raw.write(bytes);
        raw.flush();
    }

    /**
     * Writes bytes one at a time with a pause before each.
     *
     * @param bytes what to send
     * @param pause the pause before each byte
     * @param raw true to write under TLS (see {@link #writeRaw(byte[])})
     * @throws IOException when the client is gone
     * @throws InterruptedException when interrupted
     */
    public void drip(byte[] bytes, Duration pause, boolean raw) throws IOException, InterruptedException {
        for (byte b : bytes) {
            Thread.sleep(pause.toMillis());
            if (raw) {
                writeRaw(new byte[] {b});
            } else {
                write(new byte[] {b});
            }
        }
    }

    /**
     * Writes {@code chunk} again and again until the client or the server closes the connection.
     *
     * @param chunk what to repeat, e.g. {@code "*1\r\n"}
     * @throws IOException when the client is gone (the usual end)
     */
    public void streamForever(byte[] chunk) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        while (block.size() < 16 * 1024) {
            block.writeBytes(chunk);
        }
        byte[] bytes = block.toByteArray();
        while (!serverClosed.getAsBoolean()) {
            write(bytes);
        }
    }

    /**
     * Answers every command with what {@code reply} makes of it, until the client leaves.
     *
     * @param reply the command (name and arguments) to the bytes to send; null sends nothing
     * @throws IOException when the client is gone (the usual end)
     */
    public void replyToEachCommand(Function<List<String>, byte[]> reply) throws IOException {
        while (!serverClosed.getAsBoolean()) {
            byte[] bytes = reply.apply(readCommand());
            if (bytes != null) {
                write(bytes);
            }
        }
    }

    /**
     * Waits until the client closes (reads and discards), or the server closes.
     *
     * @throws IOException when the read fails
     */
    public void awaitClose() throws IOException {
        InputStream input = socket != null ? in : plain.getInputStream();
        byte[] sink = new byte[4096];
        while (!serverClosed.getAsBoolean() && input.read(sink) >= 0) {
            // discard
        }
    }

    /** Closes the connection. Idempotent. */
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
            plain.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.US_ASCII);
            }
            if (line.size() > 64) {
                throw new IOException("line too long");
            }
            line.write(b);
        }
    }
}
