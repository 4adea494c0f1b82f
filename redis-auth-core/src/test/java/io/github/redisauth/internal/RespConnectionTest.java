package io.github.redisauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK connection against scripted local servers (no Redis): timeouts, protocol mix-ups, framing. */
class RespConnectionTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "test-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        watchdog.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    interface Script {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    /** Accepts one connection and runs the script on it; returns what the script completed with. */
    CompletableFuture<Void> serve(Script script) throws IOException {
        server = new ServerSocket(0, 1, LOOPBACK);
        return CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                script.run(socket.getInputStream(), socket.getOutputStream());
            } catch (Exception e) {
                // the client gave up first: expected in the timeout tests
            }
        }, task -> {
            // A thread of its own, not the common pool (1 thread on 2 cores): a script still dripping or
            // sleeping from an earlier test must not delay this one past the client's timeout.
            Thread thread = new Thread(task, "resp-connection-test-server");
            thread.setDaemon(true);
            thread.start();
        });
    }

    RespConnection connect() throws StepFailure {
        return RespConnection.connect(LOOPBACK, server.getLocalPort(), TIMEOUT, watchdog);
    }

    static StepFailure failure(ThrowingCallable call) {
        StepFailure failure = catchThrowableOfType(StepFailure.class, call);
        assertThat(failure).as("a StepFailure").isNotNull();
        return failure;
    }

    static void drip(OutputStream out, int first, int next) throws Exception {
        out.write(first);
        out.flush();
        for (int i = 0; i < 200; i++) {
            Thread.sleep(50);
            out.write(next);
            out.flush();
        }
    }

    static byte[] readCommand(InputStream in, int bytes) throws IOException {
        return in.readNBytes(bytes);
    }

    @Test
    void replyDrippedByteByByteEndsAtTheCommandDeadline() throws Exception {
        serve((in, out) -> {
            readCommand(in, 14);
            drip(out, '+', 'a');
        });
        try (RespConnection connection = connect()) {
            long start = System.nanoTime();
            StepFailure failure = failure(() -> connection.command("PING"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("no reply to PING within 400ms");
            assertThat(took).isLessThan(Duration.ofMillis(400 + 400));

            StepFailure after = failure(() -> connection.command("INFO", "server"));
            assertThat(after.reason()).isEqualTo(StepFailure.Reason.TIMEOUT);
            assertThat(after.getMessage()).startsWith("INFO not sent: the connection was abandoned after an earlier failure");
        }
    }

    @Test
    void tlsHandshakeDrippedByteByByteEndsAtTheDeadline() throws Exception {
        // A record header announcing 16 KiB, then one byte every 50 ms: only the watchdog can stop this.
        serve((in, out) -> {
            in.read(new byte[4096]);
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40});
            drip(out, 0x00, 0x02);
        });
        try (RespConnection connection = connect()) {
            long start = System.nanoTime();
            StepFailure failure = failure(() -> connection.startTls(SSLContext.getDefault(), "localhost", server.getLocalPort(),
                    "localhost"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("no TLS handshake with " + LOOPBACK.getHostAddress() + ":" + server.getLocalPort()
                    + " within 400ms");
            assertThat(took).isLessThan(Duration.ofMillis(400 + 400));
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        serve((in, out) -> Thread.sleep(5000));
        try (RespConnection connection = connect()) {
            StepFailure failure = failure(() -> connection.command("PING"));
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.TIMEOUT);
        }
    }

    @Test
    void tlsRecordOnAPlaintextConnection() throws Exception {
        serve((in, out) -> {
            readCommand(in, 14);
            out.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32});
            out.flush();
            Thread.sleep(1000);
        });
        try (RespConnection connection = connect()) {
            StepFailure failure = failure(() -> connection.command("PING"));
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.TLS_SERVER);
            assertThat(failure.getMessage()).isEqualTo(VerificationRun.TLS_SERVER);
        }
    }

    @Test
    void plaintextAnswerToAClientHello() throws Exception {
        serve((in, out) -> {
            in.read(new byte[4096]);
            out.write("-ERR unknown command\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1000);
        });
        try (RespConnection connection = connect()) {
            StepFailure failure = failure(() -> connection.startTls(SSLContext.getDefault(), "localhost", server.getLocalPort(), null));
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.PLAINTEXT_SERVER);
            assertThat(failure.getMessage()).isEqualTo(VerificationRun.PLAINTEXT_SERVER);
        }
    }

    @Test
    void serverClosingDuringTheHandshake() throws Exception {
        serve((in, out) -> in.read(new byte[4096]));
        try (RespConnection connection = connect()) {
            StepFailure failure = failure(() -> connection.startTls(SSLContext.getDefault(), "localhost", server.getLocalPort(), null));
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.CLOSED);
            assertThat(failure.getMessage()).isEqualTo("server closed the connection during the TLS handshake");
        }
    }

    @Test
    void serverClosingInsteadOfAnswering() throws Exception {
        serve((in, out) -> readCommand(in, 14));
        try (RespConnection connection = connect()) {
            StepFailure failure = failure(() -> connection.command("PING"));
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.CLOSED);
            assertThat(failure.getMessage()).isEqualTo("server closed the connection instead of answering PING");
        }
    }

    @Test
    void oversizedReplyIsRefusedAndTheConnectionAbandoned() throws Exception {
        serve((in, out) -> {
            readCommand(in, 14);
            out.write("*2147483647\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1000);
        });
        try (RespConnection connection = connect()) {
            StepFailure failure = failure(() -> connection.command("PING"));
            assertThat(failure.reason()).isEqualTo(StepFailure.Reason.OTHER);
            assertThat(failure.getMessage()).isEqualTo("reply to PING: array of 2147483647 elements exceeds the limit of 1024");
            assertThat(failure(() -> connection.command("PING")).getMessage())
                    .startsWith("PING not sent: the connection was abandoned after an earlier failure");
        }
    }

    @Test
    void commandsAndAuthAreFramedAsRespArrays() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> done = serve((in, out) -> {
            byte[] ping = readCommand(in, 14);
            received.write(ping);
            out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] auth = readCommand(in, 27);
            received.write(auth);
            out.write("-WRONGPASS invalid username-password pair or user is disabled.\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] info = readCommand(in, 26);
            received.write(info);
            out.write("$22\r\nredis_version:7.0.15\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        char[] token = "s3cr\u00e9t".toCharArray();
        try (RespConnection connection = connect()) {
            assertThat(connection.command("PING").isPong()).isTrue();
            RespReply auth = connection.auth(token);
            assertThat(auth.isError()).isTrue();
            assertThat(auth.text()).startsWith("WRONGPASS");
            assertThat(connection.command("INFO", "server").text()).isEqualTo("redis_version:7.0.15\r\n");
        }
        done.get(5, TimeUnit.SECONDS);
        assertThat(new String(token)).isEqualTo("s3cr\u00e9t");
        assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("*1\r\n$4\r\nPING\r\n"
                + "*2\r\n$4\r\nAUTH\r\n$7\r\ns3cr\u00e9t\r\n"
                + "*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n");
    }

    @Test
    void refusedPort() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
            port = closed.getLocalPort();
        }
        StepFailure failure = failure(() -> RespConnection.connect(LOOPBACK, port, TIMEOUT, watchdog));
        assertThat(failure.getMessage()).isEqualTo("connection to " + LOOPBACK.getHostAddress() + ":" + port
                + " refused: is Redis listening on this port?");
    }
}
