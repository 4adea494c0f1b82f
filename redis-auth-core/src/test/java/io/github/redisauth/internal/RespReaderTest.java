package io.github.redisauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RespReaderTest {

    private static final RespReader.Limits SMALL = new RespReader.Limits(64, 16, 4, 2, 32);

    static RespReader reader(String wire) {
        return new RespReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    static RespReader reader(String wire, RespReader.Limits limits) {
        return new RespReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), limits);
    }

    /** Hands out one byte per read, as a server dripping its reply would. */
    static InputStream oneByteAtATime(byte[] wire) {
        return new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < wire.length ? wire[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (next >= wire.length) {
                    return -1;
                }
                target[offset] = wire[next++];
                return 1;
            }
        };
    }

    static StepFailure failure(RespReader reader, String command) {
        try {
            RespReply reply = reader.read(command);
            throw new AssertionError("expected a failure, got " + reply);
        } catch (StepFailure e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected a StepFailure, got " + e, e);
        }
    }

    @Test
    void decodesEveryResp2Type() throws Exception {
        RespReader reader = reader("+PONG\r\n-NOAUTH Authentication required.\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n"
                + "*2\r\n$3\r\nfoo\r\n:1\r\n*0\r\n");
        assertThat(reader.read("PING")).isEqualTo(new RespReply(RespReply.Kind.SIMPLE, "PONG"));
        assertThat(reader.read("PING")).isEqualTo(new RespReply(RespReply.Kind.ERROR, "NOAUTH Authentication required."));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.INTEGER, "42"));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.INTEGER, "-7"));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.BULK, "hello"));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.BULK, ""));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.ARRAY, "array of 2"));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.ARRAY, "array of 0"));
        assertThatThrownBy(() -> reader.read("X")).isInstanceOf(EOFException.class);
    }

    @Test
    void nullBulkAndNullArray() throws Exception {
        RespReader reader = reader("$-1\r\n*-1\r\n*2\r\n$-1\r\n*-1\r\n");
        assertThat(reader.read("GET")).isEqualTo(new RespReply(RespReply.Kind.NULL, ""));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.NULL, ""));
        assertThat(reader.read("X")).isEqualTo(new RespReply(RespReply.Kind.ARRAY, "array of 2"));
    }

    @Test
    void bulkStringKeepsCrlfAndUtf8() throws Exception {
        String info = "# Server\r\nredis_version:7.0.15\r\nnaïve:✓\r\n";
        byte[] bytes = info.getBytes(StandardCharsets.UTF_8);
        RespReply reply = reader("$" + bytes.length + "\r\n" + info + "\r\n").read("INFO");
        assertThat(reply.kind()).isEqualTo(RespReply.Kind.BULK);
        assertThat(reply.text()).isEqualTo(info);
    }

    @Test
    void repliesSplitIntoSingleBytesDecodeTheSame() throws Exception {
        String big = "x".repeat(20_000);
        String wire = "+OK\r\n$" + big.length() + "\r\n" + big + "\r\n*3\r\n*1\r\n+a\r\n$2\r\nbc\r\n:9\r\n-ERR invalid password\r\n";
        RespReader reader = new RespReader(oneByteAtATime(wire.getBytes(StandardCharsets.US_ASCII)));
        assertThat(reader.read("X").isOk()).isTrue();
        assertThat(reader.read("X").text()).isEqualTo(big);
        assertThat(reader.read("X").text()).isEqualTo("array of 3");
        assertThat(reader.read("AUTH")).isEqualTo(new RespReply(RespReply.Kind.ERROR, "ERR invalid password"));
    }

    @Test
    void crlfSplitAcrossReads() throws Exception {
        InputStream first = new ByteArrayInputStream("+PONG\r".getBytes(StandardCharsets.US_ASCII));
        InputStream second = new ByteArrayInputStream("\n".getBytes(StandardCharsets.US_ASCII));
        RespReader reader = new RespReader(new SequenceInputStream(first, second));
        assertThat(reader.read("PING").isPong()).isTrue();
    }

    @Test
    void peekDoesNotConsume() throws Exception {
        RespReader reader = reader("+PONG\r\n");
        assertThat(reader.peek()).isEqualTo('+');
        assertThat(reader.peek()).isEqualTo('+');
        assertThat(reader.read("PING").isPong()).isTrue();
        assertThatThrownBy(reader::peek).isInstanceOf(EOFException.class);
    }

    @Test
    void endOfStreamInsideAReply() {
        assertThatThrownBy(() -> reader("$10\r\nabc").read("GET")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("+PON").read("PING")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("").read("PING")).isInstanceOf(EOFException.class);
    }

    @Test
    void replySizeLimitIsEnforcedBeforeAllocating() {
        // Declared bulk fits the bulk limit but not what is left of the reply budget.
        StepFailure failure = failure(reader("$1048576\r\n", RespReader.DEFAULT_LIMITS), "PING");
        assertThat(failure.getMessage()).isEqualTo("reply to PING exceeds the 1048576-byte limit");
        assertThat(failure.reason()).isEqualTo(StepFailure.Reason.OTHER);

        // Many small elements add up past the budget.
        StringBuilder wire = new StringBuilder("*4\r\n");
        for (int i = 0; i < 4; i++) {
            wire.append("$14\r\n").append("y".repeat(14)).append("\r\n");
        }
        assertThat(failure(reader(wire.toString(), SMALL), "INFO").getMessage()).isEqualTo("reply to INFO exceeds the 64-byte limit");
    }

    @Test
    void replyOfExactlyTheLimitIsAccepted() throws Exception {
        // 64 bytes: "$16\r\n" (5) + 16 + CRLF (2) = 23; "*2\r\n" (4) + 2 x 23 = 50, plus "+abcdefghijk\r\n" (14) = 64.
        String bulk = "$16\r\n" + "z".repeat(16) + "\r\n";
        String wire = "*3\r\n" + bulk + bulk + "+abcdefghijk\r\n";
        assertThat(wire.length()).isEqualTo(64);
        RespReader.Limits limits = new RespReader.Limits(64, 16, 4, 2, 32);
        assertThat(reader(wire, limits).read("X").text()).isEqualTo("array of 3");
        assertThat(failure(reader("*3\r\n" + bulk + bulk + "+abcdefghijkl\r\n", limits), "X").getMessage())
                .isEqualTo("reply to X exceeds the 64-byte limit");
    }

    @Test
    void bulkLengthLimit() {
        assertThat(failure(reader("$2147483647\r\n"), "INFO").getMessage())
                .isEqualTo("reply to INFO: bulk string of 2147483647 bytes exceeds the limit of 1048576");
        assertThat(failure(reader("$999999999999999999\r\n"), "INFO").getMessage())
                .isEqualTo("reply to INFO: bulk string of 999999999999999999 bytes exceeds the limit of 1048576");
        assertThat(failure(reader("$17\r\n", SMALL), "GET").getMessage())
                .isEqualTo("reply to GET: bulk string of 17 bytes exceeds the limit of 16");
    }

    @Test
    void arrayLengthLimit() {
        assertThat(failure(reader("*2147483647\r\n"), "PING").getMessage())
                .isEqualTo("reply to PING: array of 2147483647 elements exceeds the limit of 1024");
        assertThat(failure(reader("*5\r\n", SMALL), "PING").getMessage())
                .isEqualTo("reply to PING: array of 5 elements exceeds the limit of 4");
    }

    @Test
    void nestingLimitWithoutDeepRecursion() throws Exception {
        assertThat(reader("*1\r\n".repeat(8) + ":1\r\n").read("X").text()).isEqualTo("array of 1");
        assertThat(failure(reader("*1\r\n".repeat(9) + ":1\r\n"), "PING").getMessage())
                .isEqualTo("reply to PING: nesting deeper than 8");
        // A hostile depth fails at the ninth level, long before the stack could overflow.
        assertThat(failure(reader("*1\r\n".repeat(100_000)), "PING").getMessage())
                .isEqualTo("reply to PING: nesting deeper than 8");
    }

    @Test
    void lineWithoutCrlfWithinTheCap() {
        StepFailure failure = failure(reader("+" + "a".repeat(100), SMALL), "PING");
        assertThat(failure.getMessage()).isEqualTo("reply to PING: line without CRLF within 32 bytes");

        // An endless line is cut off at the cap, not read to the end (the stream never ends here).
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return served.getAndIncrement() == 0 ? '+' : 'a';
            }
        };
        StepFailure endlessFailure = failure(new RespReader(endless, RespReader.DEFAULT_LIMITS), "PING");
        assertThat(endlessFailure.getMessage()).isEqualTo("reply to PING: line without CRLF within 65536 bytes");
        assertThat(served.get()).isLessThan(65536 + 2 * 8192);

        // Where the reply budget is smaller than the line limit, the budget is what is exceeded.
        RespReader.Limits tight = new RespReader.Limits(20, 16, 4, 2, 32);
        assertThat(failure(reader("+" + "a".repeat(30) + "\r\n", tight), "PING").getMessage())
                .isEqualTo("reply to PING exceeds the 20-byte limit");
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() throws Exception {
        // 32 bytes with the type byte and CRLF.
        assertThat(reader("+" + "a".repeat(29) + "\r\n", SMALL).read("X").text()).hasSize(29);
        assertThat(failure(reader("+" + "a".repeat(30) + "\r\n", SMALL), "X").getMessage())
                .isEqualTo("reply to X: line without CRLF within 32 bytes");
    }

    @Test
    void unknownTypeByteIsAProtocolError() {
        assertThat(failure(reader("%1\r\n+a\r\n+b\r\n"), "HELLO").getMessage())
                .isEqualTo("invalid reply to HELLO: unknown RESP type byte 0x25 ('%') (a RESP2 reply starts with one of + - : $ *)");
        assertThat(failure(reader("\u0016\u0003\u0001"), "PING").getMessage())
                .isEqualTo("invalid reply to PING: unknown RESP type byte 0x16 (a RESP2 reply starts with one of + - : $ *)");
        assertThat(failure(reader("*2\r\n+a\r\n_\r\n"), "X").getMessage())
                .startsWith("invalid reply to X: unknown RESP type byte 0x5F ('_')");
    }

    @Test
    void malformedFraming() {
        assertThat(failure(reader("+PONG\n"), "PING").getMessage()).isEqualTo("invalid reply to PING: line ends with LF instead of CRLF");
        assertThat(failure(reader("$3\r\nabcd\r\n"), "GET").getMessage())
                .isEqualTo("invalid reply to GET: bulk string of 3 bytes is not followed by CRLF");
        assertThat(failure(reader("$abc\r\n"), "GET").getMessage()).isEqualTo("invalid reply to GET: malformed bulk string length \"abc\"");
        assertThat(failure(reader("$-2\r\n"), "GET").getMessage()).isEqualTo("invalid reply to GET: malformed bulk string length \"-2\"");
        assertThat(failure(reader("*\r\n"), "X").getMessage()).isEqualTo("invalid reply to X: malformed array length \"\"");
        assertThat(failure(reader("$1234567890123456789\r\n"), "X").getMessage())
                .isEqualTo("invalid reply to X: malformed bulk string length \"1234567890123456789\"");
        assertThat(failure(reader(":12a\r\n"), "X").getMessage()).isEqualTo("invalid reply to X: malformed integer \"12a\"");
        assertThat(failure(reader(":99999999999999999999\r\n"), "X").getMessage())
                .isEqualTo("invalid reply to X: integer \"99999999999999999999\" does not fit in 64 bits");
    }

    @Test
    void serverTextInMessagesHasNoControlCharacters() {
        String message = failure(reader("$1\u001b[2J\r\n"), "GET").getMessage();
        assertThat(message).isEqualTo("invalid reply to GET: malformed bulk string length \"1?[2J\"");
        assertThat(failure(reader("$" + "9".repeat(30) + "\r\n"), "GET").getMessage())
                .isEqualTo("invalid reply to GET: malformed bulk string length \"" + "9".repeat(20) + "...\"");
    }

    @Test
    void eachReplyHasItsOwnBudget() throws Exception {
        String reply = "$40\r\n" + "q".repeat(40) + "\r\n";
        RespReader.Limits limits = new RespReader.Limits(64, 64, 4, 2, 32);
        RespReader reader = new RespReader(new SequenceInputStream(Collections.enumeration(java.util.List.of(
                new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII))))), limits);
        for (int i = 0; i < 3; i++) {
            assertThat(reader.read("GET").text()).hasSize(40);
        }
    }

    @Test
    void printableReplacesControlAndFormatCharacters() {
        assertThat(Printable.of("ok text: é ✓")).isEqualTo("ok text: é ✓");
        assertThat(Printable.of("a\r\nb\tc\u0000d\u007fe\u0085f\u202eg\u2028h")).isEqualTo("a??b?c?d?e?f?g?h");
        assertThat(Printable.of(null)).isNull();
    }
}
