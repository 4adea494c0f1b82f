package io.github.redisauth.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded RESP2 reply decoder over a blocking stream. Every bound is checked while decoding and
 * before anything is allocated for the value it guards, so a hostile or broken server can cost at
 * most {@link Limits#maxReplyBytes()} of memory and {@link Limits#maxDepth()} stack frames per reply.
 *
 * <p>Arrays are consumed element by element (nested bulk strings are skipped, not stored) and
 * reduced to {@code "array of N"}, as {@link RespReply} wants. Not thread-safe.
 */
final class RespReader {

    /**
     * Bounds on one reply.
     *
     * @param maxReplyBytes all bytes of one reply, framing included
     * @param maxBulkBytes the declared length of one bulk string
     * @param maxArrayElements the declared element count of one array
     * @param maxDepth how many arrays may enclose one another (a top-level array is depth 1)
     * @param maxLineBytes one line (type byte to CRLF) of a simple string, error, integer or length
     */
    record Limits(int maxReplyBytes, int maxBulkBytes, int maxArrayElements, int maxDepth, int maxLineBytes) {
        Limits {
            if (maxReplyBytes < 16 || maxBulkBytes < 0 || maxArrayElements < 0 || maxDepth < 0 || maxLineBytes < 4) {
                throw new IllegalArgumentException("invalid RESP limits: " + maxReplyBytes + "/" + maxBulkBytes + "/"
                        + maxArrayElements + "/" + maxDepth + "/" + maxLineBytes);
            }
        }
    }

    /** 1 MiB per reply and per bulk string (INFO server is a few KiB), 1024 elements, depth 8, 64 KiB lines. */
    static final Limits DEFAULT_LIMITS = new Limits(1 << 20, 1 << 20, 1024, 8, 64 * 1024);

    private static final int BUFFER_SIZE = 8192;
    // 18 digits always fit in a long, so a length is parsed without overflow checks.
    private static final int MAX_LENGTH_DIGITS = 18;

    private final InputStream in;
    private final Limits limits;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int end;
    /** Bytes of the current reply consumed so far. */
    private long consumed;
    private String command;

    /**
     * @param in the stream; reads may block, and end of stream is reported as {@link EOFException}
     */
    RespReader(InputStream in) {
        this(in, DEFAULT_LIMITS);
    }

    /**
     * @param in the stream
     * @param limits the bounds on one reply
     */
    RespReader(InputStream in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * Returns the next byte without consuming it, reading if none is buffered.
     *
     * @return the byte, 0 to 255
     * @throws EOFException at end of stream
     * @throws IOException when the read fails
     */
    int peek() throws IOException {
        if (position == end) {
            fill();
        }
        return buffer[position] & 0xff;
    }

    /**
     * Reads one complete reply.
     *
     * @param commandName the command the reply answers, for messages only
     * @return the reply; an error reply is returned, not thrown
     * @throws StepFailure (reason OTHER) when the reply exceeds a bound or is not RESP2
     * @throws EOFException when the stream ends, even in the middle of a reply
     * @throws IOException when a read fails
     */
    RespReply read(String commandName) throws IOException, StepFailure {
        command = commandName;
        consumed = 0;
        return readValue(0, true);
    }

    private RespReply readValue(int depth, boolean keep) throws IOException, StepFailure {
        ensureBudget(1);
        int type = readByte();
        switch (type) {
            case '+':
                return new RespReply(RespReply.Kind.SIMPLE, text(readLine()));
            case '-':
                return new RespReply(RespReply.Kind.ERROR, text(readLine()));
            case ':':
                return new RespReply(RespReply.Kind.INTEGER, Long.toString(parseInteger(readLine())));
            case '$':
                return readBulk(keep);
            case '*':
                return readArray(depth);
            default:
                throw invalid("unknown RESP type byte " + describe(type) + " (a RESP2 reply starts with one of + - : $ *)");
        }
    }

    private RespReply readBulk(boolean keep) throws IOException, StepFailure {
        long length = parseLength(readLine(), "bulk string");
        if (length == -1) {
            return new RespReply(RespReply.Kind.NULL, "");
        }
        if (length > limits.maxBulkBytes()) {
            throw bound("bulk string of " + length + " bytes exceeds the limit of " + limits.maxBulkBytes());
        }
        ensureBudget(length + 2);
        int size = (int) length;
        String text;
        if (keep) {
            byte[] value = new byte[size];
            readFully(value);
            text = new String(value, StandardCharsets.UTF_8);
        } else {
            skip(size);
            text = "";
        }
        if (readByte() != '\r' || readByte() != '\n') {
            throw invalid("bulk string of " + length + " bytes is not followed by CRLF");
        }
        return new RespReply(RespReply.Kind.BULK, text);
    }

    private RespReply readArray(int depth) throws IOException, StepFailure {
        if (depth + 1 > limits.maxDepth()) {
            throw bound("nesting deeper than " + limits.maxDepth());
        }
        long count = parseLength(readLine(), "array");
        if (count == -1) {
            return new RespReply(RespReply.Kind.NULL, "");
        }
        if (count > limits.maxArrayElements()) {
            throw bound("array of " + count + " elements exceeds the limit of " + limits.maxArrayElements());
        }
        // Every element takes at least 3 bytes ("+\r\n"): refuse early rather than after reading most of it.
        ensureBudget(count * 3);
        for (long i = 0; i < count; i++) {
            readValue(depth + 1, false);
        }
        return new RespReply(RespReply.Kind.ARRAY, "array of " + count);
    }

    /**
     * Reads up to and including CRLF, within the line and reply bounds.
     *
     * @return the line without CRLF
     */
    private byte[] readLine() throws IOException, StepFailure {
        long budget = limits.maxReplyBytes() - consumed;
        boolean replyBound = budget < limits.maxLineBytes();
        // The type byte is part of the line for the line limit.
        int cap = (int) Math.min(budget, limits.maxLineBytes() - 1L);
        byte[] line = new byte[Math.min(cap, 128)];
        int length = 0;
        while (true) {
            if (position == end) {
                fill();
            }
            int newline = indexOf((byte) '\n', position, end);
            int chunkEnd = newline >= 0 ? newline + 1 : end;
            int chunk = chunkEnd - position;
            if ((long) length + chunk > cap) {
                if (replyBound) {
                    throw bound(null);
                }
                throw bound("line without CRLF within " + limits.maxLineBytes() + " bytes");
            }
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.min(cap, Math.max(line.length * 2, length + chunk)));
            }
            System.arraycopy(buffer, position, line, length, chunk);
            length += chunk;
            position = chunkEnd;
            consumed += chunk;
            if (newline >= 0) {
                if (length < 2 || line[length - 2] != '\r') {
                    throw invalid("line ends with LF instead of CRLF");
                }
                return Arrays.copyOf(line, length - 2);
            }
        }
    }

    private long parseLength(byte[] line, String what) throws StepFailure {
        if (line.length == 2 && line[0] == '-' && line[1] == '1') {
            return -1;
        }
        if (line.length == 0 || line.length > MAX_LENGTH_DIGITS || !allDigits(line, 0)) {
            throw invalid("malformed " + what + " length \"" + excerpt(line) + "\"");
        }
        return Long.parseLong(new String(line, StandardCharsets.US_ASCII));
    }

    private long parseInteger(byte[] line) throws StepFailure {
        int start = line.length > 0 && line[0] == '-' ? 1 : 0;
        if (line.length == start || !allDigits(line, start)) {
            throw invalid("malformed integer \"" + excerpt(line) + "\"");
        }
        try {
            return Long.parseLong(new String(line, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw invalid("integer \"" + excerpt(line) + "\" does not fit in 64 bits");
        }
    }

    private static boolean allDigits(byte[] line, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private void ensureBudget(long bytes) throws StepFailure {
        if (consumed + bytes > limits.maxReplyBytes()) {
            throw bound(null);
        }
    }

    private int readByte() throws IOException {
        if (position == end) {
            fill();
        }
        consumed++;
        return buffer[position++] & 0xff;
    }

    private void readFully(byte[] target) throws IOException {
        int copied = 0;
        while (copied < target.length) {
            if (position == end) {
                fill();
            }
            int chunk = Math.min(end - position, target.length - copied);
            System.arraycopy(buffer, position, target, copied, chunk);
            position += chunk;
            copied += chunk;
            consumed += chunk;
        }
    }

    private void skip(int count) throws IOException {
        int left = count;
        while (left > 0) {
            if (position == end) {
                fill();
            }
            int chunk = Math.min(end - position, left);
            position += chunk;
            left -= chunk;
            consumed += chunk;
        }
    }

    private void fill() throws IOException {
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            throw new EOFException("end of stream");
        }
        position = 0;
        end = read;
    }

    private int indexOf(byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    private static String describe(int type) {
        String hex = String.format("0x%02X", type);
        return type >= 0x20 && type < 0x7f ? hex + " ('" + (char) type + "')" : hex;
    }

    /** At most 20 characters of server text, control characters replaced, for a message. */
    private static String excerpt(byte[] line) {
        String text = Printable.of(new String(line, 0, Math.min(line.length, 20), StandardCharsets.US_ASCII));
        return line.length > 20 ? text + "..." : text;
    }

    /** @param what what exceeds its bound, or null for the reply size itself */
    private StepFailure bound(String what) {
        String message = what == null
                ? "reply to " + command + " exceeds the " + limits.maxReplyBytes() + "-byte limit"
                : "reply to " + command + ": " + what;
        return new StepFailure(StepFailure.Reason.OTHER, message, null);
    }

    private StepFailure invalid(String what) {
        return new StepFailure(StepFailure.Reason.OTHER, "invalid reply to " + command + ": " + what, null);
    }
}
