package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.GatewayReplies.INVALID_PASSWORD;
import static io.github.redisauth.testkit.GatewayReplies.NOAUTH;
import static io.github.redisauth.testkit.GatewayReplies.T1;
import static io.github.redisauth.testkit.GatewayReplies.T2;
import static io.github.redisauth.testkit.GatewayReplies.WRONG;
import static io.github.redisauth.testkit.GatewayReplies.assertError;
import static io.github.redisauth.testkit.GatewayReplies.connect;
import static io.github.redisauth.testkit.GatewayReplies.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connections through the gateway: KEEP/DROP on set, killClients, restart, QUIT, pipelining order. */
class AuthGatewayConnectionsIT {

    private static RedisServer backend;

    @BeforeAll
    static void startBackend() {
        Available.assume(RedisVersion.V2_8);
        backend = RedisServer.builder(RedisVersion.V2_8).start();
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void keepOnSetKeepsAuthenticatedConnectionsEvenWithARetiredToken() throws Exception {
        try (AuthGateway gw = AuthGateway.builder().backend(backend).start()) {
            gw.rotate(T1);
            try (RespClient authed = connect(gw); RespClient anonymous = connect(gw)) {
                assertThat(authed.command("AUTH", T1)).isEqualTo("OK");
                assertThat(anonymous.command("PING")).isEqualTo("PONG");
                gw.set(T1);
                assertThat(authed.command("PING")).isEqualTo("PONG");
                assertError(anonymous, NOAUTH, "PING");
                gw.rotate(T2);
                gw.set(T2, ExistingConnections.KEEP);
                // like Redis OSS: a connection authenticated with a token no longer accepted keeps serving
                assertThat(authed.command("PING")).isEqualTo("PONG");
                assertThat(gw.connectionCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void dropOnSetClosesEveryConnection() throws Exception {
        try (AuthGateway gw = AuthGateway.builder().backend(backend).existingConnections(ExistingConnections.DROP)
                .start()) {
            gw.rotate(T1);
            try (RespClient authed = connect(gw)) {
                assertThat(authed.command("AUTH", T1)).isEqualTo("OK");
                gw.set(T1);
                assertThatThrownBy(() -> authed.command("PING")).isInstanceOf(IOException.class);
            }
            try (RespClient again = connect(gw)) {
                assertError(again, NOAUTH, "PING");
                assertThat(again.command("AUTH", T1)).isEqualTo("OK");
                assertThat(again.command("PING")).isEqualTo("PONG");
            }
        }
    }

    @Test
    void killClientsAndRestartDropConnectionsAndRestartRefusesForAWhile() throws Exception {
        try (AuthGateway gw = AuthGateway.builder().backend(backend).start()) {
            RespClient c = connect(gw);
            assertThat(c.command("PING")).isEqualTo("PONG");
            gw.killClients();
            assertThatThrownBy(() -> c.command("PING")).isInstanceOf(IOException.class);
            c.close();
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");

            RespClient d = connect(gw);
            long start = System.nanoTime();
            gw.restart(Duration.ofMillis(1500));
            assertThatThrownBy(() -> d.command("PING")).isInstanceOf(IOException.class);
            d.close();
            assertThatThrownBy(() -> fresh(gw, "PING")).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "PONG".equals(pingOrNull(gw)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(fresh(gw, "PING")).isEqualTo("PONG");
        }
    }

    private static Object pingOrNull(AuthGateway gw) {
        try {
            return fresh(gw, "PING");
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void quitIsAnsweredAndClosesBothSides() throws Exception {
        try (AuthGateway gw = AuthGateway.builder().backend(backend).start(); RespClient c = connect(gw)) {
            assertThat(c.command("QUIT")).isEqualTo("OK");
            assertThatThrownBy(() -> c.command("PING")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void pipelinedRepliesStayInCommandOrder() throws Exception {
        try (AuthGateway gw = AuthGateway.builder().backend(backend).start()) {
            gw.rotate(T1);
            gw.set(T1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // forwarded and locally answered commands interleaved; a wrong AUTH logs out (2.8)
                add(out, expected, "+OK", "AUTH", T1);
                add(out, expected, "+OK", "SET", "p" + i, "v" + i);
                add(out, expected, "+OK", "AUTH", T1);
                add(out, expected, "$v" + i, "GET", "p" + i);
                add(out, expected, "-" + INVALID_PASSWORD, "AUTH", WRONG);
                add(out, expected, "-" + NOAUTH, "GET", "p" + i);
            }
            assertThat(expected).hasSize(120);
            try (Socket s = rawTls(gw)) {
                s.getOutputStream().write(out.toByteArray());
                s.getOutputStream().flush();
                InputStream in = new BufferedInputStream(s.getInputStream());
                List<String> actual = new ArrayList<>();
                for (int i = 0; i < expected.size(); i++) {
                    actual.add(readSimpleReply(in));
                }
                assertThat(actual).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void pubSubMessagesDoNotShiftLocalReplies() throws Exception {
        try (AuthGateway gw = AuthGateway.builder().backend(backend).start()) {
            gw.rotate(T1);
            try (Socket s = rawTls(gw); RespClient publisher = connect(gw)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                List<String> expected = new ArrayList<>();
                add(out, expected, "[subscribe, ch1, 1]", "SUBSCRIBE", "ch1", "ch2");
                expected.add("[subscribe, ch2, 2]");
                add(out, expected, "+OK", "AUTH", T1);
                s.getOutputStream().write(out.toByteArray());
                s.getOutputStream().flush();
                InputStream in = new BufferedInputStream(s.getInputStream());
                List<String> actual = new ArrayList<>();
                for (int i = 0; i < expected.size(); i++) {
                    actual.add(readSimpleReply(in));
                }
                assertThat(actual).containsExactlyElementsOf(expected);
                assertThat(publisher.command("PUBLISH", "ch2", "hi")).isEqualTo(1L);
                assertThat(readSimpleReply(in)).isEqualTo("[message, ch2, hi]");
                s.getOutputStream().write("*2\r\n$4\r\nAUTH\r\n$5\r\nwrong\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertThat(readSimpleReply(in)).isEqualTo("-" + INVALID_PASSWORD);
            }
        }
    }

    private static void add(ByteArrayOutputStream out, List<String> expected, String reply, String... args) {
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            out.writeBytes(("$" + a.length() + "\r\n" + a + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        expected.add(reply);
    }

    private static Socket rawTls(AuthGateway gw) throws IOException {
        SSLSocket s = (SSLSocket) TestCertificates.shared().clientSslContext().getSocketFactory()
                .createSocket(gw.host(), gw.port());
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    /** Reads one reply as "+OK", "-ERR ...", "$value", ":1" or "[a, b, 1]" for arrays (elements without type). */
    private static String readSimpleReply(InputStream in) throws IOException {
        String line = readLine(in);
        if (line.startsWith("*")) {
            List<String> items = new ArrayList<>();
            for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
                items.add(readSimpleReply(in).substring(1));
            }
            return items.toString();
        }
        if (line.startsWith("$")) {
            int len = Integer.parseInt(line.substring(1));
            byte[] data = in.readNBytes(len + 2);
            return "$" + new String(data, 0, len, StandardCharsets.UTF_8);
        }
        return line;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("EOF");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
