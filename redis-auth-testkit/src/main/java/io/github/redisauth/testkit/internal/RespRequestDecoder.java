package io.github.redisauth.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ByteProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a client's byte stream into {@link RespRequest}s: RESP arrays of bulk strings, and
 * inline commands (space-separated, no quoting). Empty commands are skipped. Anything else is a
 * protocol error ({@link DecoderException}; the connection is closed).
 */
final class RespRequestDecoder extends ByteToMessageDecoder {

    private static final int MAX_ARGS = 1024 * 1024;
    private static final int MAX_BULK = 512 * 1024 * 1024;
    private static final int MAX_INLINE = 64 * 1024;

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeAll(in, out);
        } catch (DecoderException e) {
            failed = true; // the connection is closed by the handler; ignore whatever follows
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private static void decodeAll(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            List<byte[]> args = in.getByte(start) == '*' ? multiBulk(in, start) : inline(in, start);
            if (args == null) {
                return; // incomplete
            }
            int end = in.readerIndex();
            if (args.isEmpty()) {
                continue;
            }
            in.readerIndex(start);
            out.add(new RespRequest(args, in.readRetainedSlice(end - start)));
        }
    }

    /** Parses an array of bulk strings; on success moves the reader index past it; null when incomplete. */
    private static List<byte[]> multiBulk(ByteBuf in, int start) {
        int lineEnd = lineEnd(in, start);
        if (lineEnd < 0) {
            return null;
        }
        long n = number(in, start + 1, lineEnd);
        if (n > MAX_ARGS) {
            throw new DecoderException("Protocol error: invalid multibulk length");
        }
        int pos = lineEnd + 2;
        List<byte[]> args = new ArrayList<>((int) Math.max(0, n));
        for (long i = 0; i < n; i++) {
            if (pos >= in.writerIndex()) {
                return null;
            }
            if (in.getByte(pos) != '$') {
                throw new DecoderException("Protocol error: expected '$'");
            }
            int le = lineEnd(in, pos);
            if (le < 0) {
                return null;
            }
            long len = number(in, pos + 1, le);
            if (len < 0 || len > MAX_BULK) {
                throw new DecoderException("Protocol error: invalid bulk length");
            }
            int dataStart = le + 2;
            if ((long) dataStart + len + 2 > in.writerIndex()) {
                return null;
            }
            if (in.getByte(dataStart + (int) len) != '\r' || in.getByte(dataStart + (int) len + 1) != '\n') {
                throw new DecoderException("Protocol error: bulk string not followed by CRLF");
            }
            byte[] b = new byte[(int) len];
            in.getBytes(dataStart, b);
            args.add(b);
            pos = dataStart + (int) len + 2;
        }
        in.readerIndex(pos);
        return args;
    }

    private static List<byte[]> inline(ByteBuf in, int start) {
        int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > MAX_INLINE) {
                throw new DecoderException("Protocol error: too big inline request");
            }
            return null;
        }
        int end = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
        List<byte[]> args = new ArrayList<>();
        int i = start;
        while (i < end) {
            while (i < end && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
                i++;
            }
            int s = i;
            while (i < end && in.getByte(i) != ' ' && in.getByte(i) != '\t') {
                i++;
            }
            if (i > s) {
                byte[] b = new byte[i - s];
                in.getBytes(s, b);
                args.add(b);
            }
        }
        in.readerIndex(nl + 1);
        return args;
    }

    /** {@return the index of the '\r' of the CRLF ending the line that starts at from, or -1} */
    static int lineEnd(ByteBuf in, int from) {
        int i = in.forEachByte(from, in.writerIndex() - from, ByteProcessor.FIND_CRLF);
        if (i < 0 || i + 1 >= in.writerIndex()) {
            return -1;
        }
        if (in.getByte(i) != '\r' || in.getByte(i + 1) != '\n') {
            throw new DecoderException("Protocol error: bare line feed");
        }
        return i;
    }

    /** Parses a decimal (optionally negative) integer in [from, to). */
    static long number(ByteBuf in, int from, int to) {
        if (from >= to) {
            throw new DecoderException("Protocol error: empty length");
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18) {
            throw new DecoderException("Protocol error: invalid length");
        }
        long v = 0;
        for (; i < to; i++) {
            byte c = in.getByte(i);
            if (c < '0' || c > '9') {
                throw new DecoderException("Protocol error: invalid length");
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
