package io.github.redisauth.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/**
 * Splits a server's byte stream into whole top-level RESP2/RESP3 replies without changing a
 * byte. RESP3 push ({@code >}) and attribute ({@code |}) frames come out as
 * {@link Reply#unsolicited()} ones: they answer no command.
 */
final class RespReplyDecoder extends ByteToMessageDecoder {

    /** One top-level frame, exactly as received. */
    record Reply(ByteBuf bytes, boolean unsolicited) {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int end = frameEnd(in, start, 0);
            if (end < 0) {
                return;
            }
            byte type = in.getByte(start);
            out.add(new Reply(in.readRetainedSlice(end - start), type == '>' || type == '|'));
        }
    }

    /** {@return the index just past the frame starting at pos, or -1 when incomplete} */
    static int frameEnd(ByteBuf in, int pos, int depth) {
        if (depth > 64) {
            throw new DecoderException("reply nested too deeply");
        }
        if (pos >= in.writerIndex()) {
            return -1;
        }
        int lineEnd = RespRequestDecoder.lineEnd(in, pos);
        if (lineEnd < 0) {
            return -1;
        }
        byte type = in.getByte(pos);
        switch (type) {
            case '+': case '-': case ':': case ',': case '#': case '(': case '_':
                return lineEnd + 2;
            case '$': case '=': case '!': {
                long len = RespRequestDecoder.number(in, pos + 1, lineEnd);
                if (len < 0) {
                    return lineEnd + 2;
                }
                long end = lineEnd + 2 + len + 2;
                return end <= in.writerIndex() ? (int) end : -1;
            }
            case '*': case '~': case '>': case '%': case '|': {
                long n = RespRequestDecoder.number(in, pos + 1, lineEnd);
                if (type == '%' || type == '|') {
                    n *= 2;
                }
                int p = lineEnd + 2;
                for (long i = 0; i < n; i++) {
                    p = frameEnd(in, p, depth + 1);
                    if (p < 0) {
                        return -1;
                    }
                }
                return p;
            }
            default:
                throw new DecoderException("unexpected RESP type byte " + type);
        }
    }
}
