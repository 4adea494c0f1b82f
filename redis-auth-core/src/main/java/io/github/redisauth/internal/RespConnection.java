package io.github.redisauth.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A synchronous RESP connection on a plain JDK socket for the verifier: connect, optionally start
 * TLS, send a command and wait for its reply. Needs nothing but the JDK.
 *
 * <p>Every wait is bounded by the timeout given at connect: the connect itself, the TLS handshake
 * as a whole, and each command as a whole (write plus the complete reply, however it is split).
 * Each read gets the time left as its {@code SO_TIMEOUT}; a watchdog closes the socket at the
 * deadline for the reads this class cannot time itself (inside the TLS engine). After a timeout or
 * an unreadable reply the connection is abandoned, since a late reply would answer the wrong command.
 *
 * <p>Not thread-safe: one caller thread drives a connection. Failures are {@link StepFailure}s whose
 * messages never contain command arguments.
 */
final class RespConnection implements AutoCloseable {

    private static final byte[] CRLF = {'\r', '\n'};
    /** How long closing a TLS connection may wait for the server's close_notify. */
    private static final int CLOSE_WAIT_MILLIS = 100;

    private final Socket plain;
    private final Duration timeout;
    private final RunDeadline run;
    private final String target;
    private final ScheduledExecutorService watchdog;
    private final DeadlineInputStream input;
    private Socket socket;
    private RespReader reader;
    private OutputStream output;
    private boolean tls;
    private boolean firstByteChecked;
    private StepFailure abandoned;

    private RespConnection(Socket plain, Duration timeout, RunDeadline run, String target, ScheduledExecutorService watchdog)
            throws IOException {
        this.plain = plain;
        this.timeout = timeout;
        this.run = run;
        this.target = target;
        this.watchdog = watchdog;
        this.socket = plain;
        this.input = new DeadlineInputStream(plain, plain.getInputStream());
        this.reader = new RespReader(input);
        this.output = plain.getOutputStream();
    }

    /**
     * Opens a TCP connection (TLS is added by {@link #startTls}).
     *
     * @param address the resolved address
     * @param port the port
     * @param timeout bound on the connect, and on every later handshake and command
     * @param watchdog closes sockets whose deadline passed; null for none (then only
     *        {@code SO_TIMEOUT} bounds the reads)
     * @return the connection
     * @throws StepFailure when refused, unreachable or not connected within the timeout
     */
    static RespConnection connect(InetAddress address, int port, Duration timeout, ScheduledExecutorService watchdog)
            throws StepFailure {
        return connect(address, port, timeout, RunDeadline.none(), watchdog);
    }

    /**
     * Opens a TCP connection whose every step also ends at the run's overall deadline.
     *
     * @param address the resolved address
     * @param port the port
     * @param timeout bound on each step
     * @param run the overall deadline; each step waits at most {@code min(timeout, time left)}
     * @param watchdog closes sockets whose deadline passed; null for none
     * @return the connection
     * @throws StepFailure when refused, unreachable, not connected in time, or the deadline already passed
     */
    static RespConnection connect(InetAddress address, int port, Duration timeout, RunDeadline run, ScheduledExecutorService watchdog)
            throws StepFailure {
        String target = address.getHostAddress() + ":" + port;
        if (run.passed()) {
            throw new StepFailure(StepFailure.Reason.DEADLINE, run.passedMessage() + " before connecting to " + target, null);
        }
        long stepDeadline = System.nanoTime() + timeout.toNanos();
        boolean capped = run.bindsBefore(stepDeadline);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), millis(capped ? run.left() : timeout.toNanos()));
            return new RespConnection(socket, timeout, run, target, watchdog);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            if (capped) {
                throw new StepFailure(StepFailure.Reason.DEADLINE, run.passedMessage() + " while connecting to " + target, e);
            }
            throw new StepFailure(StepFailure.Reason.TIMEOUT, "no connection to " + target + " within " + Durations.format(timeout), e);
        } catch (NoRouteToHostException e) {
            closeQuietly(socket);
            throw new StepFailure(StepFailure.Reason.OTHER, "no route to " + target, e);
        } catch (ConnectException e) {
            closeQuietly(socket);
            String message = e.getMessage();
            if (message == null || message.toLowerCase(Locale.ROOT).contains("refused")) {
                throw new StepFailure(StepFailure.Reason.OTHER, "connection to " + target + " refused: is Redis listening on this port?", e);
            }
            throw new StepFailure(StepFailure.Reason.OTHER, "cannot connect to " + target + ": " + Printable.of(message), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new StepFailure(StepFailure.Reason.OTHER, "cannot connect to " + target + ": " + Printable.of(e.toString()), e);
        }
    }

    /**
     * Starts TLS on this connection and waits for the handshake. The engine checks neither trust nor
     * host name (the caller judges both from the session's certificates).
     *
     * @param context the client context, whose trust managers accept every chain
     * @param peerHost the host name for the engine (session cache key)
     * @param port the port
     * @param serverName the SNI name to send, or null for none
     * @return the session
     * @throws StepFailure when the handshake fails, the peer speaks plaintext, or the timeout passes
     */
    SSLSession startTls(SSLContext context, String peerHost, int port, String serverName) throws StepFailure {
        long deadline = stepDeadline();
        boolean capped = run.bindsBefore(System.nanoTime() + timeout.toNanos());
        if (expired(deadline)) {
            throw abandon(new StepFailure(StepFailure.Reason.DEADLINE, run.passedMessage() + " before the TLS handshake", null));
        }
        SSLSocket secure;
        try (Watch watch = watch(deadline)) {
            try {
                secure = (SSLSocket) context.getSocketFactory().createSocket(plain, peerHost, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm(null);
                parameters.setServerNames(serverName != null ? List.of(new SNIHostName(serverName)) : List.of());
                secure.setSSLParameters(parameters);
                plain.setSoTimeout(millis(deadline - System.nanoTime()));
                secure.startHandshake();
            } catch (IOException e) {
                boolean timedOut = watch.fired() || expired(deadline);
                if (timedOut && capped && !isPlaintextReply(e)) {
                    throw abandon(new StepFailure(StepFailure.Reason.DEADLINE, run.passedMessage() + " during the TLS handshake with "
                            + target, e));
                }
                throw abandon(handshakeFailure(e, timedOut));
            } catch (IllegalArgumentException e) {
                throw abandon(new StepFailure(StepFailure.Reason.OTHER, "invalid SNI name " + Printable.of(serverName) + ": "
                        + Printable.of(e.getMessage()), e));
            } catch (RuntimeException e) {
                // The JDK's TLS engine can fail with unchecked exceptions on data it does not expect
                // (seen: NoSuchElementException when a server sends a record before the ClientHello).
                throw abandon(new StepFailure(StepFailure.Reason.OTHER, "TLS handshake failed: the server sent data the TLS "
                        + "handshake did not expect (" + e.getClass().getSimpleName() + ")", e));
            }
        }
        try {
            input.switchTo(secure.getInputStream());
            output = secure.getOutputStream();
        } catch (IOException e) {
            throw abandon(new StepFailure(StepFailure.Reason.OTHER, "TLS handshake failed: " + rootMessage(e), e));
        }
        socket = secure;
        tls = true;
        reader = new RespReader(input);
        return secure.getSession();
    }

    private StepFailure handshakeFailure(IOException cause, boolean timedOut) {
        if (isPlaintextReply(cause)) {
            return new StepFailure(StepFailure.Reason.PLAINTEXT_SERVER, VerificationRun.PLAINTEXT_SERVER, cause);
        }
        if (timedOut || findCause(cause, SocketTimeoutException.class)) {
            return new StepFailure(StepFailure.Reason.TIMEOUT, "no TLS handshake with " + target + " within " + Durations.format(timeout), cause);
        }
        if (isClosedByPeer(cause) || hasMessage(cause, "terminated the handshake")) {
            return new StepFailure(StepFailure.Reason.CLOSED, "server closed the connection during the TLS handshake", cause);
        }
        return new StepFailure(StepFailure.Reason.OTHER, "TLS handshake failed: " + rootMessage(cause), cause);
    }

    /** The JDK's words for "the first record is not TLS", as when a plaintext Redis answers a ClientHello. */
    private static boolean isPlaintextReply(Throwable failure) {
        return hasMessage(failure, "Unsupported or unrecognized SSL message") || hasMessage(failure, "plaintext connection");
    }

    /**
     * Sends a command and waits for its reply.
     *
     * @param arguments the command and its arguments
     * @return the reply (an error reply is returned, not thrown)
     * @throws StepFailure when the server closes, speaks TLS, answers outside RESP2 or its limits, or
     *         does not answer within the timeout
     */
    RespReply command(String... arguments) throws StepFailure {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(bytes);
            frame.writeBytes(CRLF);
        }
        return send(frame.toByteArray(), arguments[0]);
    }

    /**
     * Sends {@code AUTH token} (the one-argument form, understood by Redis 2.8 and 6+). The token is
     * never turned into a String; every byte array that held it is wiped before returning.
     *
     * @param token the secret; the caller keeps and wipes it
     * @return the reply
     * @throws StepFailure as {@link #command(String...)}
     */
    RespReply auth(char[] token) throws StepFailure {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(token));
        byte[] frame = null;
        try {
            int size = encoded.remaining();
            byte[] header = ("*2\r\n$4\r\nAUTH\r\n$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
            frame = new byte[header.length + size + 2];
            System.arraycopy(header, 0, frame, 0, header.length);
            encoded.get(frame, header.length, size);
            frame[frame.length - 2] = '\r';
            frame[frame.length - 1] = '\n';
            return send(frame, "AUTH");
        } finally {
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            if (frame != null) {
                Arrays.fill(frame, (byte) 0);
            }
        }
    }

    private RespReply send(byte[] frame, String commandName) throws StepFailure {
        if (abandoned != null) {
            throw new StepFailure(abandoned.reason(), commandName + " not sent: the connection was abandoned after an earlier failure ("
                    + abandoned.getMessage() + ")", null);
        }
        if (socket.isClosed()) {
            throw new StepFailure(StepFailure.Reason.CLOSED, "connection closed before " + commandName, null);
        }
        long deadline = stepDeadline();
        boolean capped = run.bindsBefore(System.nanoTime() + timeout.toNanos());
        if (expired(deadline)) {
            throw new StepFailure(StepFailure.Reason.DEADLINE, run.passedMessage() + ": " + commandName + " not sent", null);
        }
        input.deadline = deadline;
        try (Watch watch = watch(deadline)) {
            try {
                output.write(frame);
                output.flush();
            } catch (IOException e) {
                if (watch.fired() || expired(deadline)) {
                    throw abandon(noReply(commandName, e, capped));
                }
                if (isClosedByPeer(e)) {
                    throw abandon(new StepFailure(StepFailure.Reason.CLOSED, "server closed the connection before " + commandName, e));
                }
                throw abandon(new StepFailure(StepFailure.Reason.OTHER, "cannot send " + commandName + ": " + rootMessage(e), e));
            }
            try {
                if (!tls && !firstByteChecked) {
                    int first = reader.peek();
                    firstByteChecked = true;
                    // 0x16: a TLS handshake record, 0x15: a TLS alert, as a TLS server answers plaintext.
                    if (first == 0x15 || first == 0x16) {
                        throw new StepFailure(StepFailure.Reason.TLS_SERVER, VerificationRun.TLS_SERVER, null);
                    }
                }
                return reader.read(commandName);
            } catch (StepFailure e) {
                throw abandon(e);
            } catch (IOException e) {
                if (watch.fired() || expired(deadline) || e instanceof SocketTimeoutException) {
                    throw abandon(noReply(commandName, e, capped));
                }
                if (e instanceof EOFException || isClosedByPeer(e)) {
                    throw abandon(new StepFailure(StepFailure.Reason.CLOSED,
                            "server closed the connection instead of answering " + commandName, e));
                }
                throw abandon(new StepFailure(StepFailure.Reason.OTHER, "cannot read the reply to " + commandName + ": " + rootMessage(e), e));
            } catch (RuntimeException e) {
                // Defensive: the reader is bounded, but a TLS engine can throw unchecked exceptions on odd records.
                throw abandon(new StepFailure(StepFailure.Reason.OTHER, "cannot read the reply to " + commandName + ": "
                        + e.getClass().getSimpleName(), e));
            }
        }
    }

    /** @return this step's deadline: the timeout from now, or the run's deadline when that comes first */
    private long stepDeadline() {
        long own = System.nanoTime() + timeout.toNanos();
        return run.bindsBefore(own) ? run.nanos() : own;
    }

    private StepFailure noReply(String commandName, IOException cause, boolean capped) {
        if (capped) {
            return new StepFailure(StepFailure.Reason.DEADLINE, run.passedMessage() + " before the reply to " + commandName, cause);
        }
        return new StepFailure(StepFailure.Reason.TIMEOUT, "no reply to " + commandName + " within " + Durations.format(timeout), cause);
    }

    /**
     * Connects and, without sending anything, waits briefly for the server to speak: a TLS or Redis
     * server never speaks first, an SSH server or another protocol often does.
     *
     * @param address the address
     * @param port the port
     * @param wait how long to listen
     * @param run the overall deadline (the wait never goes past it)
     * @return a printable description of the first bytes the server sent unasked, or null when it stayed silent
     */
    static String spokeFirst(InetAddress address, int port, Duration wait, RunDeadline run) {
        long left = Math.min(wait.toNanos(), run.left());
        if (left <= 0) {
            return null;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), millis(left));
            socket.setSoTimeout(millis(Math.max(1, Math.min(wait.toNanos(), run.left()))));
            byte[] first = new byte[64];
            int read = socket.getInputStream().read(first);
            return read > 0 ? describe(first, read) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return bytes as quoted printable text when they are mostly text, else as hex */
    static String describe(byte[] bytes, int length) {
        int printable = 0;
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            if ((b >= 0x20 && b < 0x7f) || b == '\r' || b == '\n') {
                printable++;
            }
        }
        if (printable * 10 >= length * 9) {
            return "\"" + Printable.excerpt(new String(bytes, 0, length, StandardCharsets.US_ASCII).strip(), 40) + "\"";
        }
        StringBuilder hex = new StringBuilder("bytes");
        for (int i = 0; i < Math.min(length, 8); i++) {
            hex.append(String.format(" %02x", bytes[i] & 0xff));
        }
        return hex.append(length > 8 ? " ..." : "").toString();
    }

    /** Closes the connection: after this failure its stream can no longer be trusted to be in step. */
    private StepFailure abandon(StepFailure failure) {
        if (abandoned == null) {
            abandoned = failure;
        }
        // The plain socket first: closing TLS politely sends close_notify and then waits (up to SO_TIMEOUT)
        // for the peer's, which a hostile or stuck server never sends.
        closeQuietly(plain);
        close();
        return failure;
    }

    /** Closes the connection without waiting for the server. Idempotent. */
    @Override
    public void close() {
        if (socket != plain && !plain.isClosed()) {
            try {
                // A polite close_notify, but never a long wait for the server's answer to it.
                plain.setSoTimeout(CLOSE_WAIT_MILLIS);
            } catch (IOException e) {
                // closing anyway
            }
        }
        closeQuietly(socket);
        closeQuietly(plain);
    }

    private Watch watch(long deadline) {
        return new Watch(deadline);
    }

    private static boolean expired(long deadline) {
        return System.nanoTime() - deadline >= 0;
    }

    /** Nanoseconds left, as a positive millisecond timeout for {@code connect} or {@code SO_TIMEOUT} (where 0 would mean forever). */
    private static int millis(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private static boolean isClosedByPeer(Throwable failure) {
        return findCause(failure, EOFException.class) || hasMessage(failure, "Connection reset") || hasMessage(failure, "Broken pipe");
    }

    private static boolean findCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMessage(Throwable failure, String fragment) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Printable.of(root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with a socket that cannot even close
        }
    }

    /** Closes the plain socket at the deadline, which ends any read or write blocked on it, TLS or not. */
    private final class Watch implements AutoCloseable {
        private final AtomicBoolean armed = new AtomicBoolean(true);
        private final ScheduledFuture<?> task;
        private volatile boolean fired;

        Watch(long deadline) {
            ScheduledFuture<?> scheduled = null;
            if (watchdog != null) {
                try {
                    scheduled = watchdog.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // shut down: SO_TIMEOUT still bounds every read of the plain socket
                }
            }
            task = scheduled;
        }

        private void fire() {
            if (armed.compareAndSet(true, false)) {
                fired = true;
                // The plain socket, not the TLS one: closing TLS would try to send close_notify under the engine's lock.
                closeQuietly(plain);
            }
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            if (armed.compareAndSet(true, false) && task != null) {
                task.cancel(false);
            }
        }
    }

    /** Gives each read the time left until the current command's deadline as its {@code SO_TIMEOUT}. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket plain;
        private InputStream in;
        /** The current command's deadline ({@link System#nanoTime()}); none is open before the first. */
        long deadline = System.nanoTime();

        DeadlineInputStream(Socket plain, InputStream in) {
            this.plain = plain;
            this.in = in;
        }

        void switchTo(InputStream secure) {
            in = secure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            // SSLSocket reads from the plain socket, so its SO_TIMEOUT applies to TLS reads as well.
            plain.setSoTimeout(millis(left));
            return in.read(target, offset, length);
        }
    }
}
